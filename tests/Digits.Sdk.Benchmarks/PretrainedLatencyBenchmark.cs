using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>pretrained-latency</c>: the pretrained model of Digits.Sdk.Inference as an application uses it, after warm-up:
/// batch-1 p50/p99 of <c>Predict</c> (784 MNIST bytes) and of <c>PredictImage</c> (a PNG stream: decode and
/// preprocessing included), and batch-256 throughput of <c>PredictBatch</c>, on real MNIST test images; with the same
/// model in a bare ONNX Runtime session (no normalisation, no softmax) as the peer.
/// Options: --iterations N (batch-1 runs, default 1000), --threads N (ONNX Runtime's intra-op threads, default its own).
/// </summary>
internal static class PretrainedLatencyBenchmark
{
    private const int Warmup = 50;
    private const int BatchSize = 256;
    private const int BatchRuns = 20;

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var iterations = options.Int("--iterations") ?? 1000;
        var threads = options.Int("--threads") ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pretrained-latency: {Warmup} warm-up and {iterations} timed batch-1 runs, {BatchRuns} timed batch-{BatchSize} runs; {Environment.ProcessorCount} cores; ONNX Runtime threads {(threads > 0 ? threads.ToString(CultureInfo.InvariantCulture) : "default")}"));
        Console.WriteLine(PretrainedModelLine.Describe());
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine("load average at start: " + File.ReadAllText("/proc/loadavg").Trim());
        }

        var (images, labels) = MnistTestImages.Read(BatchSize);
        var picture = DigitPicture.Png(images[0]);
        using var classifier = DigitClassifier.LoadPretrained(threads);
        var correct = classifier.PredictBatch(images).Where((p, i) => p.Label == labels[i]).Count();
        if (classifier.PredictImage(new MemoryStream(picture)).Label != labels[0])
        {
            // Timing a model that misreads the picture would time the wrong work; say so instead.
            Console.Error.WriteLine($"The pretrained model does not read the picture of test image 0 as {labels[0]}.");
            return 1;
        }

        var pixels = Latency(iterations, () => classifier.Predict(images[0]));
        var png = Latency(iterations, () => classifier.PredictImage(new MemoryStream(picture, writable: false)));
        var batch = Throughput(() => classifier.PredictBatch(images));

        using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(PretrainedModel.Read(), sessionOptions);
        // The peer is fed what DigitClassifier feeds the model, normalised with the model's own metadata.
        var one = Normalized(images.Take(1), classifier.Metadata);
        var many = Normalized(images, classifier.Metadata);
        var bare = Latency(iterations, () => Forward(session, one, 1));
        var bareBatch = Throughput(() => Forward(session, many, BatchSize));

        Console.WriteLine();
        Console.WriteLine("| call | input | batch-1 p50 (ms) | batch-1 p99 (ms) | batch-256 (images/s) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        Print("DigitClassifier.Predict / PredictBatch", "784 MNIST bytes", pixels, batch);
        Print("DigitClassifier.PredictImage", "PNG stream, 160×136", png, null);
        Print("bare InferenceSession.Run (peer)", "normalised float[]", bare, bareBatch);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{correct}/{BatchSize} of the batch read right; Predict p50 is {pixels.P50 / bare.P50:F2}× the bare session's, PredictBatch {batch / bareBatch:F2}× its throughput"));
        return 0;
    }

    private static float[] Normalized(IEnumerable<byte[]> images, ClassifierMetadata metadata)
    {
        var (mean, deviation) = (metadata.NormalizationMean[0], metadata.NormalizationStandardDeviation[0]);
        return images.SelectMany(image => image.Select(p => ((p / 255f) - mean) / deviation)).ToArray();
    }

    private static float[] Forward(InferenceSession session, float[] input, int count)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [count, .. session.InputMetadata[session.InputNames[0]].Dimensions[1..].Select(d => (long)d)]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static (double P50, double P99) Latency(int iterations, Action run)
    {
        for (var i = 0; i < Warmup; i++)
        {
            run();
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return (Statistics.Percentile(times, 0.50), Statistics.Percentile(times, 0.99));
    }

    private static double Throughput(Action runBatch)
    {
        runBatch();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < BatchRuns; i++)
        {
            runBatch();
        }

        return BatchRuns * BatchSize / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void Print(string call, string input, (double P50, double P99) latency, double? throughput) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {call} | {input} | {latency.P50:F3} | {latency.P99:F3} | {(throughput is { } t ? t.ToString("N0", CultureInfo.InvariantCulture) : "–")} |"));
}
