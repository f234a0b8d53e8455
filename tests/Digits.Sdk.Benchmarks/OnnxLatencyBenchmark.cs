using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Batch-1 latency (p50, p99) and batch-256 throughput of the same network in TorchSharp eager mode and in ONNX
/// Runtime after export, in one process, from a managed float array to a managed float array. The networks are the
/// zoo's CNNs (untrained weights: latency does not depend on them).
/// Options: <c>[Model...]</c> (default FastCnn, TopCnn), --iterations N (batch-1 runs, default 1000), --threads N
/// (both engines, default: their own), --layout channels-last|nchw (TorchSharp's side, default channels-last).
/// </summary>
internal static class OnnxLatencyBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var iterations = options.Int("--iterations") ?? 1000;
        var threads = options.Int("--threads") ?? 0;
        var layout = options.ApplyLayout();
        if (threads > 0)
        {
            set_num_threads(threads);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"onnx-latency: {iterations} batch-1 runs, 20 batch-256 runs; {Environment.ProcessorCount} cores; TorchSharp threads {get_num_threads()} ({layout}), ONNX Runtime threads {(threads > 0 ? threads.ToString(CultureInfo.InvariantCulture) : "default")}"));
        if (File.Exists("/proc/loadavg"))
        {
            // Shared machines: a busy one stretches the tails (p99) far more than the medians.
            Console.WriteLine("load average at start: " + File.ReadAllText("/proc/loadavg").Trim());
        }

        Console.WriteLine();
        Console.WriteLine("| network | engine | batch-1 p50 (ms) | batch-1 p99 (ms) | batch-256 (images/s) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        var ratios = new List<string>();
        var names = options.Positional(["--iterations", "--threads", "--layout"]);
        foreach (var name in names.Count == 0 ? ["FastCnn", "TopCnn"] : names)
        {
            manual_seed(0);
            using var network = ModelZoo.Get(name).Create();
            network.eval();
            var path = Path.Combine(Path.GetTempPath(), $"digits-bench-{name}-{Environment.ProcessId}.onnx");
            // A fresh network records no data set; these are MNIST's shapes.
            OnnxExporter.Export(network, path, new OnnxExportOptions { Dataset = Datasets.Mnist.Identity });
            try
            {
                var torchResult = Measure(iterations, batch => TorchSharpForward(network, batch));
                using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
                using var session = new InferenceSession(path, sessionOptions);
                var onnxResult = Measure(iterations, batch => OnnxForward(session, batch));
                using var classifier = DigitClassifier.Load(path, threads);
                var classifierResult = Measure(iterations, batch => ClassifierForward(classifier, batch));

                Print(name, "TorchSharp eager", torchResult);
                Print(name, "ONNX Runtime", onnxResult);
                Print(name, "DigitClassifier (ORT + pre/post)", classifierResult);
                ratios.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: ONNX Runtime batch-1 p50 is {onnxResult.P50 / torchResult.P50:F2}× TorchSharp's; batch-256 throughput {onnxResult.Throughput / torchResult.Throughput:F2}×"));
            }
            finally
            {
                File.Delete(path);
            }
        }

        Console.WriteLine();
        ratios.ForEach(Console.WriteLine);
        return 0;
    }

    private static float[] TorchSharpForward(nn.Module<Tensor, Tensor> network, float[] batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(batch, [batch.Length / 784, 1, 28, 28]);
        return network.call(input).data<float>().ToArray();
    }

    private static float[] OnnxForward(InferenceSession session, float[] batch)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(batch, [batch.Length / 784, 1, 28, 28]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["logits"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] ClassifierForward(DigitClassifier classifier, float[] batch)
    {
        // The classifier takes raw intensities; the batch holds normalised ones, close enough for timing.
        var images = Enumerable.Range(0, batch.Length / 784).Select(i => batch.AsSpan(i * 784, 784).ToArray()).ToArray();
        return classifier.PredictBatch(images).Select(p => p.Confidence).ToArray();
    }

    private static Result Measure(int iterations, Func<float[], float[]> forward)
    {
        var random = new Random(1);
        var single = Enumerable.Range(0, 784).Select(_ => random.NextSingle()).ToArray();
        var large = Enumerable.Range(0, 256 * 784).Select(_ => random.NextSingle()).ToArray();
        for (var i = 0; i < 50; i++)
        {
            forward(single);
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            forward(single);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        forward(large);
        const int BatchRuns = 20;
        var batchStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < BatchRuns; i++)
        {
            forward(large);
        }

        var seconds = Stopwatch.GetElapsedTime(batchStart).TotalSeconds;
        return new Result(times[iterations / 2], times[Math.Min(iterations - 1, (int)(iterations * 0.99))], BatchRuns * 256 / seconds);
    }

    private static void Print(string network, string engine, Result result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {network} | {engine} | {result.P50:F3} | {result.P99:F3} | {result.Throughput:F0} |"));

    private readonly record struct Result(double P50, double P99, double Throughput);
}
