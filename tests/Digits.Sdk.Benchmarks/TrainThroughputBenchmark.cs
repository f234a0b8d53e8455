using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Training;
using TorchSharp;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// One epoch of <see cref="BenchmarkCnn"/> on MNIST (AdamW 3e-3, one-cycle, batches of 128), here and in PyTorch
/// (peers/train_throughput.py, run with Debian's python3-torch), back to back: training throughput, CPU time,
/// peak memory of each side's own process, test accuracy.
/// </summary>
/// <remarks>
/// Each side runs in a fresh process of its own (ours is this program again with <c>--side ours</c>), so each
/// peak RSS is that process's own high-water mark (VmHWM) and neither side inherits the other's heap. The
/// sides alternate for <c>--repeat N</c> rounds (default 3) and the table shows medians: on a shared machine
/// single runs vary by 2x. Options: <c>--images N</c> trains on the first N training images (default all
/// 60,000); <c>--data folder</c> (default DIGITS_DATA or ../shared/datasets); <c>--threads N</c> (default one
/// per processor, both sides); <c>--no-peer</c> skips PyTorch; <c>--tuned-peer</c> adds PyTorch run with the
/// same glibc allocator thresholds the SDK sets (MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_), to separate
/// the allocator from the libraries. Set DIGITS_PYTHON to pick the interpreter (default /usr/bin/python3).
/// </remarks>
internal static class TrainThroughputBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var images = options.Int("--images") ?? 60_000;
        var dataRoot = options.Text("--data") ?? BenchmarkEnvironment.DataRoot;
        var threads = options.Int("--threads") ?? Environment.ProcessorCount;
        if (options.Text("--side") == "ours")
        {
            Console.WriteLine(JsonSerializer.Serialize(MeasureOurs(dataRoot, images, threads)));
            return 0;
        }

        var repeat = options.Int("--repeat") ?? 3;
        var withPeer = !options.Flag("--no-peer");
        var tunedPeer = options.Flag("--tuned-peer");
        var ours = new List<Measurement>();
        var peer = new List<Measurement>();
        var tuned = new List<Measurement>();
        for (var round = 0; round < repeat; round++)
        {
            ours.Add(RunOurs(dataRoot, images, threads));
            if (withPeer && MeasurePeer(dataRoot, images, threads, tunedAllocator: false) is { } p)
            {
                peer.Add(p);
            }

            if (tunedPeer && MeasurePeer(dataRoot, images, threads, tunedAllocator: true) is { } t)
            {
                tuned.Add(t);
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train-throughput: one epoch of BenchmarkCnn on {images:N0} MNIST images, batch 128, AdamW(3e-3) + OneCycle, {threads} threads, median of {repeat} alternating rounds"));
        Console.WriteLine();
        Console.WriteLine(tunedPeer
            ? "| measure | Digits.Sdk (TorchSharp) | PyTorch | ratio (ours / PyTorch) | PyTorch, tuned malloc | ratio (ours / tuned) |"
            : "| measure | Digits.Sdk (TorchSharp) | PyTorch | ratio (ours / PyTorch) |");
        Console.WriteLine(tunedPeer ? "| --- | ---: | ---: | ---: | ---: | ---: |" : "| --- | ---: | ---: | ---: |");
        Row("training images/s", ours, peer, tuned, tunedPeer, m => m.ImagesPerSecond, "N0");
        Row("epoch seconds", ours, peer, tuned, tunedPeer, m => m.EpochSeconds, "F1");
        Row("epoch CPU seconds", ours, peer, tuned, tunedPeer, m => m.CpuSeconds, "F1");
        Row("peak RSS, MB", ours, peer, tuned, tunedPeer, m => m.PeakRssMegabytes, "N0");
        Row("test accuracy, %", ours, peer, tuned, tunedPeer, m => m.TestAccuracy * 100, "F2");
        Console.WriteLine();
        Console.WriteLine("images/s per round: ours " + Rounds(ours) + (peer.Count > 0 ? "; PyTorch " + Rounds(peer) : "") + (tuned.Count > 0 ? "; PyTorch tuned " + Rounds(tuned) : ""));
        if (peer.Count > 0)
        {
            Console.WriteLine($"peer: {peer[0].Runtime}");
        }

        return 0;
    }

    private static string Rounds(List<Measurement> measurements)
        => string.Join(" ", measurements.Select(m => m.ImagesPerSecond.ToString("N0", CultureInfo.InvariantCulture)));

    /// <summary>Runs <see cref="MeasureOurs"/> in a fresh process, so its peak RSS is its own.</summary>
    private static Measurement RunOurs(string dataRoot, int images, int threads)
    {
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(TrainThroughputBenchmark).Assembly.Location);
        }

        arguments.AddRange(["train-throughput", "--side", "ours", "--data", dataRoot, "--images", images.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture)]);
        var (code, output) = BenchmarkEnvironment.RunProcess(self, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"Our side of the benchmark failed:\n{output}");
        }

        return JsonSerializer.Deserialize<Measurement>(output.Split('\n').Last(l => l.StartsWith('{')))!;
    }

    private static Measurement MeasureOurs(string dataRoot, int images, int threads)
    {
        using var mnist = Datasets.Mnist.LoadAsync(dataRoot).GetAwaiter().GetResult();
        using var train = images < mnist.Train.Count ? mnist.Train.Take(images) : mnist.Train.Take(mnist.Train.Count);

        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var run = Trainer.For(() => new BenchmarkCnn())
            .Optimizer(Optimizers.AdamW(learningRate: 3e-3, weightDecay: 5e-4))
            .Schedule(Schedules.OneCycle())
            .Epochs(1).BatchSize(128)
            .Threads(threads)
            .Fit(train);
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
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

        // VmHWM of this process alone: it was started for this measurement.
        self.Refresh();
        return new Measurement(run.History[0].ImagesPerSecond, seconds, cpuSeconds, self.PeakWorkingSet64 / 1048576.0, (double)correct / mnist.Test.Count, "TorchSharp 0.107.0");
    }

    private static Measurement? MeasurePeer(string dataRoot, int images, int threads, bool tunedAllocator)
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
        if (tunedAllocator)
        {
            // The same thresholds Digits.Sdk sets with mallopt (src/Digits.Sdk/Native/NativeAllocator.cs).
            start.Environment["MALLOC_MMAP_THRESHOLD_"] = Native.NativeAllocator.MmapThreshold.ToString(CultureInfo.InvariantCulture);
            start.Environment["MALLOC_TRIM_THRESHOLD_"] = Native.NativeAllocator.TrimThreshold.ToString(CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"The PyTorch peer failed ({python} {script}); install python3-torch (apt-get install -y python3-torch) or set DIGITS_PYTHON.\n{errors.Result}");
            return null;
        }

        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new Measurement(
            root.GetProperty("images_per_second").GetDouble(),
            root.GetProperty("epoch_seconds").GetDouble(),
            root.GetProperty("epoch_cpu_seconds").GetDouble(),
            root.GetProperty("peak_rss_mb").GetDouble(),
            root.GetProperty("test_accuracy").GetDouble(),
            root.GetProperty("runtime").GetString() ?? "PyTorch");
    }

    private static void Row(string name, List<Measurement> ours, List<Measurement> peer, List<Measurement> tuned, bool withTuned, Func<Measurement, double> measure, string format)
    {
        var mine = Statistics.MedianOrNull(ours.Select(measure))!.Value;
        var line = $"| {name} | {mine.ToString(format, CultureInfo.InvariantCulture)} | {Cell(peer)}";
        if (withTuned)
        {
            line += $" | {Cell(tuned)}";
        }

        Console.WriteLine(line + " |");

        string Cell(List<Measurement> others)
        {
            var other = Statistics.MedianOrNull(others.Select(measure));
            var ratio = other is > 0 ? (mine / other.Value).ToString("F2", CultureInfo.InvariantCulture) : "–";
            return $"{other?.ToString(format, CultureInfo.InvariantCulture) ?? "–"} | {ratio}";
        }
    }

    private sealed record Measurement(double ImagesPerSecond, double EpochSeconds, double CpuSeconds, double PeakRssMegabytes, double TestAccuracy, string Runtime);
}
