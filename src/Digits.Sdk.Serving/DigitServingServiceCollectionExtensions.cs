using Digits.Sdk.Serving.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Digits.Sdk.Serving;

/// <summary>Registers what a served digit classifier needs: options, metrics, health checks, problem details and OpenAPI.</summary>
public static class DigitServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services <see cref="DigitClassifierEndpointRouteBuilderExtensions.MapDigitClassifier"/> uses. The
    /// options are validated when the application starts, so a bad limit fails there, not on the first request.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes the limits and the batching; the defaults suit a public endpoint.</param>
    /// <returns>The same services, for chaining.</returns>
    /// <example>
    /// <code>
    /// var builder = WebApplication.CreateBuilder(args);
    /// builder.Services.AddDigitClassifier(options => options.MaxBatchSize = 16);
    /// var app = builder.Build();
    /// using var classifier = DigitClassifier.LoadPretrained();
    /// app.MapDigitClassifier(classifier);
    /// app.Run();
    /// </code>
    /// </example>
    public static IServiceCollection AddDigitClassifier(this IServiceCollection services, Action<DigitServingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DigitServingOptions>()
            .Configure(options => configure?.Invoke(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigitServingOptions>, DigitServingOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<ServingMetrics>();
        services.TryAddSingleton<ServingState>();
        services.AddProblemDetails();
        services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "digit-classifier", provider => provider.GetRequiredService<ServingState>(), failureStatus: null, tags: [ServingState.ReadyTag]));
        services.AddOpenApi(DigitClassifierEndpointRouteBuilderExtensions.OpenApiDocumentName);
        return services;
    }

    /// <summary>Turns <see cref="DigitServingOptions.Validate"/>'s exception into a failed validation with its message.</summary>
    private sealed class DigitServingOptionsValidator : IValidateOptions<DigitServingOptions>
    {
        public ValidateOptionsResult Validate(string? name, DigitServingOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException error)
            {
                return ValidateOptionsResult.Fail(error.Message);
            }
        }
    }
}
