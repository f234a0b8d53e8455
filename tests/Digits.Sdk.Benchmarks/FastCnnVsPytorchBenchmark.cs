using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Wall time from process start to FastCnn's test accuracy after its one-epoch recipe, here and in PyTorch
/// (peers/fastcnn.py: the same layers, optimizer, schedule, batch size and normalization), back to back. Both
/// walls include runtime start-up and reading MNIST from its gzip files.
/// </summary>
/// <remarks>
/// Run it as the first thing in a fresh process: <c>fastcnn-vs-pytorch [--threads N] [--layout channels-last|nchw] [--no-peer] [--data folder]</c>.
/// </remarks>
internal static class FastCnnVsPytorchBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var dataRoot = options.Text("--data") ?? BenchmarkEnvironment.DataRoot;
        var threads = options.Int("--threads") ?? Environment.ProcessorCount;
        var layout = options.ApplyLayout();

        double wall, train, accuracy, peakMegabytes;
        using (var mnist = Datasets.Mnist.LoadAsync(dataRoot).GetAwaiter().GetResult())
        {
            var clock = Stopwatch.StartNew();
            var run = ModelZoo.Get("FastCnn").Trainer().Threads(threads).Fit(mnist.Train);
            train = clock.Elapsed.TotalSeconds;
            using var network = run.Model;
            accuracy = network.Evaluate(mnist.Test).Accuracy;
            using var self = Process.GetCurrentProcess();
            wall = (DateTime.Now - self.StartTime).TotalSeconds;
            peakMegabytes = self.PeakWorkingSet64 / 1048576.0;
        }

        var peer = options.Flag("--no-peer") ? null : PeerProcess.Run("torch", "fastcnn.py", ["--data", Path.Combine(dataRoot, "mnist"), "--threads", threads.ToString(CultureInfo.InvariantCulture)]);
        var line = peer?.Lines.LastOrDefault();

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fastcnn-vs-pytorch: FastCnn, one epoch of its recipe ({ModelZoo.Get("FastCnn").Recipe}), {threads} threads, {layout} layout on our side"));
        Console.WriteLine();
        Console.WriteLine("| measure | Digits.Sdk (TorchSharp) | PyTorch | ratio (ours / PyTorch) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("wall s, process start to test accuracy", wall, peer?.WallSeconds, "F1");
        Row("training s (one epoch)", train, line?.GetProperty("train_seconds").GetDouble(), "F1");
        Row("test accuracy %", accuracy * 100, line?.GetProperty("test_accuracy").GetDouble() * 100, "F2");
        Row("peak RSS MB", peakMegabytes, line?.GetProperty("peak_rss_mb").GetDouble(), "N0");
        if (line is { } json)
        {
            Console.WriteLine();
            Console.WriteLine("peer: " + json.GetProperty("runtime").GetString());
        }

        return 0;
    }

    private static void Row(string name, double ours, double? peer, string format)
    {
        var ratio = peer is > 0 ? (ours / peer.Value).ToString("F2", CultureInfo.InvariantCulture) : "–";
        Console.WriteLine($"| {name} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {peer?.ToString(format, CultureInfo.InvariantCulture) ?? "–"} | {ratio} |");
    }
}
