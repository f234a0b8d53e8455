using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Digits.Sdk.Serving;

/// <summary>
/// Whether the service is ready for predictions: a classifier is mapped and the host is not shutting down. A replica
/// that is stopping reports not ready while it drains, so a load balancer stops sending it work.
/// </summary>
internal sealed class ServingState(IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <summary>The tag of the readiness checks, which <c>/readyz</c> runs and <c>/healthz</c> does not.</summary>
    public const string ReadyTag = "ready";

    private volatile string? servedModel;

    /// <summary>The name of the mapped model, once <c>MapDigitClassifier</c> has run.</summary>
    public string? ServedModel => servedModel;

    public bool IsReady => servedModel is not null && !lifetime.ApplicationStopping.IsCancellationRequested;

    public void Serve(string modelName)
    {
        if (Interlocked.CompareExchange(ref servedModel, modelName, null) is { } existing)
        {
            throw new InvalidOperationException($"MapDigitClassifier was called twice; this application already serves '{existing}'. Serve one classifier per application.");
        }
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(
            servedModel is null ? HealthCheckResult.Unhealthy("No classifier is mapped yet.")
            : lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("The service is shutting down.")
            : HealthCheckResult.Healthy($"Serving '{servedModel}'."));
}
