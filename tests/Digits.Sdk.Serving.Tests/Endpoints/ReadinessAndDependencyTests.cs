using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Digits.Sdk.Serving.Tests.Endpoints;

public sealed class ReadinessAndDependencyTests
{
    [Fact]
    public async Task Readiness_needs_a_mapped_model_and_turns_unhealthy_when_the_host_starts_stopping()
    {
        var lifetime = new Lifetime();
        var state = new ServingState(lifetime);

        var beforeMapping = await state.CheckHealthAsync(new HealthCheckContext());
        state.Serve("FastCnn");
        var serving = await state.CheckHealthAsync(new HealthCheckContext());
        lifetime.Stop();
        var stopping = await state.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, beforeMapping.Status);
        Assert.Equal(HealthStatus.Healthy, serving.Status);
        Assert.Equal(HealthStatus.Unhealthy, stopping.Status);
        Assert.Contains("shutting down", stopping.Description);
        Assert.False(state.IsReady);
    }

    [Fact]
    public void Mapping_a_second_classifier_is_refused_naming_the_first()
    {
        var state = new ServingState(new Lifetime());
        state.Serve("FastCnn");

        Assert.Contains("'FastCnn'", Assert.Throws<InvalidOperationException>(() => state.Serve("LeNet5")).Message);
    }

    [Fact]
    public void The_serving_library_depends_on_the_inference_package_and_aspnetcore_only_never_torchsharp()
    {
        var references = typeof(DigitServingOptions).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Digits.Sdk.Inference", references);
        Assert.DoesNotContain(references, name => name.StartsWith("TorchSharp", StringComparison.Ordinal) || name == "Digits.Sdk");
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name!.StartsWith("TorchSharp", StringComparison.Ordinal));
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stop();

        public void Stop() => stopping.Cancel();
    }
}
