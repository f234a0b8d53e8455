using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Metrics;
using Digits.Sdk.Serving.OpenInference;
using Digits.Sdk.Serving.Page;
using Digits.Sdk.Serving.Requests;
using Digits.Sdk.Serving.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Digits.Sdk.Serving;

/// <summary>Maps the HTTP endpoints that serve a <see cref="DigitClassifier"/>.</summary>
public static class DigitClassifierEndpointRouteBuilderExtensions
{
    /// <summary>The name of the OpenAPI document, served at <c>/openapi/v1.json</c>.</summary>
    public const string OpenApiDocumentName = "v1";

    /// <summary>
    /// Serves <paramref name="classifier"/>: <c>POST /v1/predict</c> (a PNG or JPEG body, multipart pictures, or JSON
    /// pixels), <c>GET /v1/model</c>, the Open Inference Protocol under <c>/v2</c> (KServe v2 REST), the probes
    /// <c>/healthz</c> and <c>/readyz</c>, Prometheus metrics at <c>/metrics</c>, the OpenAPI document at
    /// <c>/openapi/v1.json</c> and a draw-a-digit page at <c>/</c>. Concurrent requests share model runs (dynamic
    /// batching, <see cref="DigitServingOptions.MaxBatchSize"/>); bad input is answered with a 4xx
    /// <c>application/problem+json</c> that says what is wrong.
    /// </summary>
    /// <remarks>
    /// The classifier stays the caller's: dispose it after the application has stopped. Requests still in flight when
    /// the host shuts down are answered before it stops.
    /// </remarks>
    /// <param name="endpoints">The application, after <see cref="DigitServingServiceCollectionExtensions.AddDigitClassifier"/>.</param>
    /// <param name="classifier">The classifier to serve; one per application.</param>
    /// <returns>A builder for every mapped endpoint, to add conventions such as authorisation or rate limiting.</returns>
    /// <exception cref="InvalidOperationException"><see cref="DigitServingServiceCollectionExtensions.AddDigitClassifier"/> was not called, or a classifier is already mapped.</exception>
    /// <example>
    /// <code>
    /// var builder = WebApplication.CreateBuilder(args);
    /// builder.Services.AddDigitClassifier();
    /// var app = builder.Build();
    /// using var classifier = DigitClassifier.LoadPretrained();
    /// app.MapDigitClassifier(classifier);
    /// app.Run();
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapDigitClassifier(this IEndpointRouteBuilder endpoints, DigitClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(classifier);
        var services = endpoints.ServiceProvider;
        var state = services.GetService<ServingState>()
            ?? throw new InvalidOperationException("Call builder.Services.AddDigitClassifier() before app.MapDigitClassifier(classifier).");
        var options = services.GetRequiredService<IOptions<DigitServingOptions>>().Value;
        var served = new ServedClassifier(classifier, options, services.GetRequiredService<ServingMetrics>());
        state.Serve(served.Name);

        // The batcher stops after the server has drained; requests that still come are answered without batching.
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => served.Batcher.StopAsync().GetAwaiter().GetResult());

        var group = endpoints.MapGroup(string.Empty);
        var predictions = group.MapGroup(string.Empty);
        var inference = group.MapGroup(string.Empty);
        var operations = group.MapGroup(string.Empty);
        if (options.ApiKeys is { } keys)
        {
            predictions.AddEndpointFilter(new Security.ApiKeyFilter(keys, (status, code, detail, context) => ServedClassifier.Problem(RequestProblem.Unauthorized(status, code, detail), context)));
            inference.AddEndpointFilter(new Security.ApiKeyFilter(keys, (status, _, detail, _) => OpenInferenceEndpoints.Error(status, detail)));
            if (options.ProtectOperations)
            {
                operations.AddEndpointFilter(new Security.ApiKeyFilter(keys, (status, code, detail, context) => ServedClassifier.Problem(RequestProblem.Unauthorized(status, code, detail), context)));
            }
        }

        MapPredictionApi(predictions, served);
        MapOperations(group, operations, served);
        OpenInferenceEndpoints.Map(inference, served, state);
        PageEndpoints.Map(group);
        operations.MapOpenApi("/openapi/{documentName}.json").ExcludeFromDescription();
        return group;
    }

    private static void MapPredictionApi(RouteGroupBuilder group, ServedClassifier served)
    {
        var v1 = group.MapGroup("/v1").WithTags("Predictions");
        v1.MapPost("/predict", (HttpRequest request) => served.AnswerAsync(
                "/v1/predict",
                async () =>
                {
                    // Announced before the body is read, so a forming batch knows this request's samples are coming.
                    using var arrival = served.Batcher.Announce();
                    var samples = await served.Reader.ReadAsync(request, request.HttpContext.RequestAborted).ConfigureAwait(false);
                    var includeInput = request.Query["include"].Any(v => v is not null && v.Split(',').Contains("input", StringComparer.OrdinalIgnoreCase));
                    var predictions = await served.PredictAsync(samples, arrival).ConfigureAwait(false);
                    var results = samples.Select((sample, i) => PredictionResult.Of(
                        sample.Name,
                        predictions[i],
                        includeInput ? served.Input.ToRows(sample.Pixels) : null)).ToArray();
                    return TypedResults.Json(new PredictResponse(results), ServingJson.Options);
                },
                problem => ServedClassifier.Problem(problem, request.HttpContext)))
            .WithName("Predict")
            .WithSummary("Classify pictures of digits or pixel arrays.")
            .WithDescription("The body is one picture (image/png, image/jpeg), several pictures as multipart/form-data parts, or JSON {\"pixels\": [...]} with intensities in [0, 1] in the model's input shape (optionally with a leading batch dimension). Add ?include=input to get the prepared input the model saw. A sample with no ink to read (blank, or too faint) is answered with \"blank\": true, \"verdict\": \"no_digit_found\" and no label, class name or confidence: no digit was found. A mark the model does not take for a digit (its confidence is below the model's not-a-digit threshold) has \"verdict\": \"not_a_digit\", with the model's best guess as label, class name and confidence; every other answer has \"verdict\": \"digit\".")
            // Not Accepts(...): its content-type matching would answer other types with an empty 415 before the
            // handler could say what is wrong. The request body is described for the OpenAPI document only.
            .AddOpenApiOperationTransformer(PredictRequestBody.DescribeAsync)
            .Produces<PredictResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        v1.MapGet("/model", () => TypedResults.Json(served.Describe(), ServingJson.Options))
            .WithName("DescribeModel")
            .WithSummary("What the served model is: classes, input shape, normalisation, preprocessing, fingerprint, weights digest, producer version, batching and limits.")
            .Produces<ModelDescription>();
    }

    private static void MapOperations(RouteGroupBuilder group, RouteGroupBuilder operations, ServedClassifier served)
    {
        // Liveness runs no check: the process answering is the whole test. Readiness asks whether a model is served
        // and the host is not stopping.
        group.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithTags("Operations");
        group.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ServingState.ReadyTag) }).WithTags("Operations");
        operations.MapGet("/metrics", () => TypedResults.Text(served.Metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("Metrics")
            .WithSummary("Requests by outcome, latency and batch sizes in Prometheus's text format.")
            .WithTags("Operations");
    }
}
