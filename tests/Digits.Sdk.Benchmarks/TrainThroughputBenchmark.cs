using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Training;
using TorchSharp;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// One epoch of <see cref="BenchmarkCnn"/> on MNIST (AdamW 3e-3, one-cycle, batches of 128), here and in PyTorch
/// (peers/train_throughput.py, run with Debian's python3-torch), back to back: training throughput, peak memory
/// of the process, test accuracy.
/// </summary>
/// <remarks>
/// Options: <c>--images N</c> trains on the first N training images (default all 60,000); <c>--data folder</c>
/// (default DIGITS_DATA or ../shared/datasets); <c>--threads N</c> (default one per processor, both sides); <c>--no-peer</c> skips PyTorch. Set DIGITS_PYTHON to pick the
/// interpreter (default /usr/bin/python3).
/// </remarks>
internal static class TrainThroughputBenchmark
{
    public static int Run(string[] args)
    {
        var images = IntOption(args, "--images") ?? 60_000;
        var dataRoot = Option(args, "--data") ?? BenchmarkEnvironment.DataRoot;
        var threads = IntOption(args, "--threads") ?? Environment.ProcessorCount;

        var ours = MeasureOurs(dataRoot, images, threads);
        var peer = args.Contains("--no-peer") ? null : MeasurePeer(dataRoot, images, threads);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train-throughput: one epoch of BenchmarkCnn on {images:N0} MNIST images, batch 128, AdamW(3e-3) + OneCycle, {threads} threads"));
        Console.WriteLine();
        Console.WriteLine("| measure | Digits.Sdk (TorchSharp) | PyTorch | ratio (ours / PyTorch) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("training images/s", ours.ImagesPerSecond, peer?.ImagesPerSecond, "N0");
        Row("epoch seconds", ours.EpochSeconds, peer?.EpochSeconds, "F1");
        Row("peak RSS, MB", ours.PeakRssMegabytes, peer?.PeakRssMegabytes, "N0");
        Row("test accuracy, %", ours.TestAccuracy * 100, peer is null ? null : peer.TestAccuracy * 100, "F2");
        if (peer is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"peer: {peer.Runtime}");
        }

        return 0;
    }

    private static Measurement MeasureOurs(string dataRoot, int images, int threads)
    {
        using var mnist = Datasets.Mnist.LoadAsync(dataRoot).GetAwaiter().GetResult();
        using var train = images < mnist.Train.Count ? mnist.Train.Take(images) : mnist.Train.Take(mnist.Train.Count);

        var clock = Stopwatch.StartNew();
        var run = Trainer.For(() => new BenchmarkCnn())
            .Optimizer(Optimizers.AdamW(learningRate: 3e-3, weightDecay: 5e-4))
            .Schedule(Schedules.OneCycle())
            .Epochs(1).BatchSize(128)
            .Threads(threads)
            .Fit(train);
        var seconds = clock.Elapsed.TotalSeconds;
        using var model = run.Model;

        long correct = 0;
        using (torch.no_grad())
        {
            for (var start = 0; start < mnist.Test.Count; start += 1000)
            {
                using var scope = torch.NewDisposeScope();
                var end = Math.Min(start + 1000, mnist.Test.Count);
                correct += model.forward(mnist.Test.Images[start..end]).argmax(1).eq(mnist.Test.Labels[start..end]).sum().item<long>();
            }
        }

        using var self = Process.GetCurrentProcess();
        return new Measurement(run.History[0].ImagesPerSecond, seconds, self.PeakWorkingSet64 / 1048576.0, (double)correct / mnist.Test.Count, "TorchSharp 0.107.0");
    }

    private static Measurement? MeasurePeer(string dataRoot, int images, int threads)
    {
        var python = BenchmarkEnvironment.FindPython("torch");
        var script = BenchmarkEnvironment.Peer("train_throughput.py");
        if (python is null)
        {
            Console.Error.WriteLine("No Python with torch found for the PyTorch peer: install python3-torch (apt-get install -y python3-torch) or set DIGITS_PYTHON.");
            return null;
        }

        var start = new ProcessStartInfo(python)
        {
            ArgumentList = { script, "--data", Path.Combine(dataRoot, "mnist"), "--images", images.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"The PyTorch peer failed ({python} {script}); install python3-torch (apt-get install -y python3-torch) or set DIGITS_PYTHON.\n{errors}");
            return null;
        }

        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new Measurement(
            root.GetProperty("images_per_second").GetDouble(),
            root.GetProperty("epoch_seconds").GetDouble(),
            root.GetProperty("peak_rss_mb").GetDouble(),
            root.GetProperty("test_accuracy").GetDouble(),
            root.GetProperty("runtime").GetString() ?? "PyTorch");
    }

    private static void Row(string name, double ours, double? peer, string format)
    {
        var ratio = peer is > 0 ? (ours / peer.Value).ToString("F2", CultureInfo.InvariantCulture) : "–";
        var peerText = peer?.ToString(format, CultureInfo.InvariantCulture) ?? "–";
        Console.WriteLine($"| {name} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {peerText} | {ratio} |");
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int? IntOption(string[] args, string name)
        => Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private sealed record Measurement(double ImagesPerSecond, double EpochSeconds, double PeakRssMegabytes, double TestAccuracy, string Runtime);
}
