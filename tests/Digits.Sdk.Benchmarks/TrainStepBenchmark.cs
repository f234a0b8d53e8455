using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Training steps of <see cref="BenchmarkCnn"/> (or the zoo's FastCnn) with no SDK training code at all, timed per phase (forward, loss,
/// backward, optimizer step), here and in PyTorch (peers/train_step.py), back to back. It separates the speed
/// of the libraries' kernels (libtorch 2.10 through TorchSharp vs PyTorch 1.13) from the SDK's own overhead,
/// which train-throughput measures on top.
/// </summary>
/// <remarks>
/// Options: <c>--steps N</c> timed steps per repetition (default 150, after 10 warm-up steps); <c>--repeat N</c>
/// repetitions, alternating sides (default 3); <c>--threads N</c> (default 1); <c>--optimizer adamw|adam|sgd</c>
/// (default adamw); <c>--network benchmarkcnn|fastcnn</c> (default benchmarkcnn); <c>--batch N</c> (default 128);
/// <c>--layout channels-last|nchw</c> (the zoo's generated FastCnn only; default channels-last);
/// <c>--no-peer</c>. Both sides run with the SDK's glibc allocator thresholds (the peer through
/// MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_); DIGITS_MALLOC_TUNING=0 measures both without them. Inputs are random batches of 128 MNIST-shaped images: the kernels' speed
/// does not depend on the pixels.
/// </remarks>
internal static class TrainStepBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var steps = options.Int("--steps") ?? 150;
        var repeat = options.Int("--repeat") ?? 3;
        var threads = options.Int("--threads") ?? 1;
        var optimizer = options.Text("--optimizer") ?? "adamw";
        var withPeer = !options.Flag("--no-peer");
        var network = options.Text("--network") ?? "benchmarkcnn";
        var batch = options.Int("--batch") ?? 128;
        var layout = options.ApplyLayout();
        if (network is not ("benchmarkcnn" or "fastcnn"))
        {
            throw new ArgumentException($"Unknown network '{network}': use benchmarkcnn or fastcnn.");
        }

        var ours = new List<Phases>();
        var peer = new List<Phases>();
        string? peerRuntime = null;
        for (var r = 0; r < repeat; r++)
        {
            ours.Add(MeasureOurs(network, batch, steps, threads, optimizer));
            if (withPeer && MeasurePeer(network, batch, steps, threads, optimizer) is { } p)
            {
                peer.Add(p.Phases);
                peerRuntime = p.Runtime;
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train-step: {network}, batch {batch}, {optimizer}, {threads} thread(s), {layout} layout for FastCnn on our side, {steps} steps x {repeat} repetitions, median ms per step"));
        Console.WriteLine();
        Console.WriteLine("| phase | TorchSharp 0.107 (libtorch 2.10) | PyTorch | ratio (ours / PyTorch) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("forward", ours.Select(p => p.Forward), peer.Select(p => p.Forward));
        Row("loss", ours.Select(p => p.Loss), peer.Select(p => p.Loss));
        Row("backward", ours.Select(p => p.Backward), peer.Select(p => p.Backward));
        Row("optimizer step", ours.Select(p => p.Step), peer.Select(p => p.Step));
        Row("whole step", ours.Select(p => p.Total), peer.Select(p => p.Total));
        if (peerRuntime is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"peer: {peerRuntime}; all repetitions (ms/step, ours | peer): {string.Join(" ", ours.Select(p => p.Total.ToString("F2", CultureInfo.InvariantCulture)))} | {string.Join(" ", peer.Select(p => p.Total.ToString("F2", CultureInfo.InvariantCulture)))}");
        }

        return 0;
    }

    private static Phases MeasureOurs(string network, int batch, int steps, int threads, string optimizerName)
    {
        // Loads TorchSharp the SDK's way, which also sets the SDK's glibc allocator thresholds
        // (DIGITS_MALLOC_TUNING=0 measures without them).
        Native.TorchRuntime.EnsureAvailable();
        set_num_threads(threads);
        random.manual_seed(42);
        using var model = network == "fastcnn" ? Models.ModelZoo.Get("FastCnn").Create() : new BenchmarkCnn();
        using var optimizer = CreateOptimizer(optimizerName, model.parameters());
        using var images = randn(batch, 1, 28, 28);
        using var labels = randint(0, 10, [batch]);
        model.train();

        double forward = 0, loss = 0, backward = 0, step = 0;
        for (var s = -10; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var t0 = Stopwatch.GetTimestamp();
            optimizer.zero_grad();
            var logits = model.forward(images);
            var t1 = Stopwatch.GetTimestamp();
            var value = nn.functional.cross_entropy(logits, labels);
            var t2 = Stopwatch.GetTimestamp();
            value.backward();
            var t3 = Stopwatch.GetTimestamp();
            optimizer.step();
            var t4 = Stopwatch.GetTimestamp();
            if (s >= 0)
            {
                forward += t1 - t0;
                loss += t2 - t1;
                backward += t3 - t2;
                step += t4 - t3;
            }
        }

        double Ms(double ticks) => ticks * 1000.0 / Stopwatch.Frequency / steps;
        return new Phases(Ms(forward), Ms(loss), Ms(backward), Ms(step));
    }

    private static optim.Optimizer CreateOptimizer(string name, IEnumerable<TorchSharp.Modules.Parameter> parameters) => name switch
    {
        "adamw" => optim.AdamW(parameters, 3e-3, weight_decay: 5e-4),
        "adam" => optim.Adam(parameters, 3e-3),
        "sgd" => optim.SGD(parameters, 0.05, momentum: 0.9),
        _ => throw new ArgumentException($"Unknown optimizer '{name}': use adamw, adam or sgd."),
    };

    private static (Phases Phases, string Runtime)? MeasurePeer(string network, int batch, int steps, int threads, string optimizer)
    {
        var python = BenchmarkEnvironment.FindPython("torch");
        if (python is null)
        {
            Console.Error.WriteLine("No Python with torch found for the PyTorch peer: install python3-torch (apt-get install -y python3-torch) or set DIGITS_PYTHON.");
            return null;
        }

        var script = BenchmarkEnvironment.Peer("train_step.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture), "--optimizer", optimizer, "--network", network, "--batch", batch.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        // Kernels against kernels: the peer gets the glibc thresholds our side has (none with DIGITS_MALLOC_TUNING=0).
        if (Native.NativeAllocator.IsTuned)
        {
            start.Environment["MALLOC_MMAP_THRESHOLD_"] = Native.NativeAllocator.MmapThreshold.ToString(CultureInfo.InvariantCulture);
            start.Environment["MALLOC_TRIM_THRESHOLD_"] = Native.NativeAllocator.TrimThreshold.ToString(CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + errors.Result;
        process.WaitForExit();
        var code = process.ExitCode;
        if (code != 0)
        {
            Console.Error.WriteLine($"The PyTorch peer failed ({python} {script}):\n{output}");
            return null;
        }

        var line = output.Split('\n').Last(l => l.StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return (new Phases(root.GetProperty("forward_ms").GetDouble(), root.GetProperty("loss_ms").GetDouble(), root.GetProperty("backward_ms").GetDouble(), root.GetProperty("step_ms").GetDouble()), root.GetProperty("runtime").GetString() ?? "PyTorch");
    }

    private static void Row(string name, IEnumerable<double> ours, IEnumerable<double> peer)
    {
        var o = Statistics.MedianOrNull(ours);
        var p = Statistics.MedianOrNull(peer);
        var ratio = p is > 0 && o is { } mine ? (mine / p.Value).ToString("F2", CultureInfo.InvariantCulture) : "–";
        Console.WriteLine($"| {name} | {Text(o)} | {Text(p)} | {ratio} |");
    }

    private static string Text(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";

    private sealed record Phases(double Forward, double Loss, double Backward, double Step)
    {
        public double Total => Forward + Loss + Backward + Step;
    }
}
