using System.Diagnostics;
using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Batching;
using Digits.Sdk.Serving.Metrics;
using Digits.Sdk.Serving.Requests;
using Digits.Sdk.Serving.Responses;
using Microsoft.AspNetCore.Http;

namespace Digits.Sdk.Serving;

/// <summary>
/// One classifier as the endpoints see it: its name, its input, the request reader and the batcher, and the one
/// way every endpoint turns a request into predictions, a problem and a metric.
/// </summary>
internal sealed class ServedClassifier
{
    public ServedClassifier(DigitClassifier classifier, DigitServingOptions options, ServingMetrics metrics)
    {
        Classifier = classifier;
        Options = options;
        Metrics = metrics;
        Name = options.ModelName ?? classifier.Metadata.NetworkName;
        Input = new ModelInput(classifier);
        Reader = new PredictRequestReader(Input, options);
        Batcher = new PredictionBatcher(classifier, options, metrics);
    }

    public DigitClassifier Classifier { get; }

    public DigitServingOptions Options { get; }

    public ServingMetrics Metrics { get; }

    /// <summary>The model's name in paths and answers.</summary>
    public string Name { get; }

    public ModelInput Input { get; }

    public PredictRequestReader Reader { get; }

    public PredictionBatcher Batcher { get; }

    /// <summary>
    /// Classifies every sample, concurrently, so a request's samples join each other's batch, and tells the batcher
    /// (<paramref name="arrival"/>) that this request's samples are all in.
    /// </summary>
    public Task<Prediction[]> PredictAsync(IReadOnlyList<Sample> samples, PredictionBatcher.Arrival arrival)
    {
        if (samples.Count == 1)
        {
            return PredictOneAsync(samples[0], arrival);
        }

        var predictions = new Task<Prediction>[samples.Count];
        for (var i = 0; i < predictions.Length; i++)
        {
            predictions[i] = Batcher.PredictAsync(samples[i].Pixels);
        }

        arrival.Dispose();
        return Task.WhenAll(predictions);
    }

    private async Task<Prediction[]> PredictOneAsync(Sample sample, PredictionBatcher.Arrival arrival) =>
        [await Batcher.PredictAloneAsync(sample.Pixels, arrival).ConfigureAwait(false)];

    /// <summary>
    /// Runs <paramref name="handle"/>, answers a <see cref="RequestProblem"/> with <paramref name="problem"/>, and
    /// counts the request under <paramref name="endpoint"/> with its outcome and latency.
    /// </summary>
    public async Task<IResult> AnswerAsync(string endpoint, Func<Task<IResult>> handle, Func<RequestProblem, IResult> problem)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (RequestProblem error)
        {
            outcome = error.Code;
            return problem(error);
        }
        catch (OperationCanceledException)
        {
            // The client went away; nobody reads the answer.
            outcome = "cancelled";
            throw;
        }
        catch (Exception)
        {
            outcome = "error";
            throw;
        }
        finally
        {
            Metrics.RecordRequest(endpoint, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>A problem as RFC 9457 <c>application/problem+json</c>, with its code as an extension member.</summary>
    public static IResult Problem(RequestProblem problem, HttpContext context)
        => TypedResults.Problem(
            detail: problem.Message,
            instance: context.Request.Path,
            statusCode: problem.Status,
            title: problem.Title,
            extensions: new Dictionary<string, object?> { ["code"] = problem.Code });

    public ModelDescription Describe()
    {
        var metadata = Classifier.Metadata;
        return new ModelDescription(
            Name,
            metadata.NetworkName,
            metadata.Dataset,
            metadata.ClassNames,
            metadata.InputShape,
            metadata.InputLayout,
            new NormalizationDescription(metadata.NormalizationMean, metadata.NormalizationStandardDeviation),
            metadata.Preprocessing.ToString().ToLowerInvariant(),
            metadata.ArchitectureHash,
            metadata.WeightsDigest,
            metadata.ProducerVersion,
            new ConfidenceDescription(metadata.Temperature, Classifier.NotADigitBelow),
            new BatchingDescription(Batcher.IsBatching, Options.MaxBatchSize, Options.MaxBatchWait.TotalMilliseconds, Batcher.IsBatching ? Options.MaxConcurrentBatches : 0),
            new LimitsDescription(Options.MaxBodyBytes, Options.MaxFiles, Options.MaxPicturePixels));
    }
}
