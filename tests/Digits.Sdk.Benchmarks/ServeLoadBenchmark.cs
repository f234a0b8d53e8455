using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using static TorchSharp.torch;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>serve-load</c>: predictions per second and p50/p99 latency of <c>digits serve</c> on loopback, driven by
/// <c>wrk</c> with bodies of real 28×28 MNIST test PNGs, dynamic batching on and off, at 1 to 256 concurrent
/// connections; the peer, in the same run, is the same FastCnn served by FastAPI + uvicorn + PyTorch. Then a long run
/// at 64 connections measures each server's resident memory before and after.
/// Options: --seconds N (per point, default 10), --soak N (seconds of the memory run, default 60, 0 to skip),
/// --connections 1,8,64,256, --peer-workers N (uvicorn worker processes, default 1), --batching-args "..." (more
/// <c>digits serve</c> options for the batching-on server, e.g. "--max-wait-ms 0", to compare settings), --pretrained
/// (serve the pretrained three-TopCnn model instead of FastCnn; the Python peer, which serves FastCnn, is left out).
/// </summary>
internal static class ServeLoadBenchmark
{
    private const int Pictures = 256;
    private const int OurPort = 18_431;
    private const int PeerPort = 18_432;

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var seconds = options.Int("--seconds") ?? 10;
        var soak = options.Int("--soak") ?? 60;
        var peerWorkers = options.Int("--peer-workers") ?? 1;
        var batchingArgs = (options.Text("--batching-args") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var connections = (options.Text("--connections") ?? "1,8,64,256").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var pretrained = args.Contains("--pretrained");
        if (!WrkLoad.Available)
        {
            Console.Error.WriteLine("serve-load needs wrk: apt-get install -y wrk");
            return 2;
        }

        var python = pretrained ? null : BenchmarkEnvironment.FindPython("fastapi");
        Console.WriteLine($"serve-load: wrk, {seconds} s per point, {Pictures} MNIST test PNGs in turn, 127.0.0.1 only; {Environment.ProcessorCount} cores shared by server and wrk");
        PrintLoad("at start");

        var work = Directory.CreateTempSubdirectory("digits-serve-load-").FullName;
        try
        {
            var (images, _) = MnistTestImages.Read(Pictures);
            for (var i = 0; i < Pictures; i++)
            {
                File.WriteAllBytes(Path.Combine(work, $"{i}.png"), DigitPicture.StoredPng(images[i]));
            }

            var script = WrkLoad.WriteScript(work);
            var model = Path.Combine(work, "fastcnn.onnx");
            manual_seed(42);
            using (var network = ModelZoo.Get("FastCnn").Create())
            {
                // Latency does not depend on the weights: a seeded FastCnn, the architecture the peer serves.
                network.eval();
                OnnxExporter.Export(network, model, new OnnxExportOptions { Dataset = Datasets.Mnist.Identity });
            }

            List<Func<ServedProcess>> servers =
            [
                () => Ours("digits serve (batching on)", pretrained ? null : model, batchingArgs),
                () => Ours("digits serve (batching off)", pretrained ? null : model, ServeCommand.BatchingOff),
            ];
            if (pretrained)
            {
                Console.WriteLine("Serving the pretrained model; the Python peer serves FastCnn and is left out.");
            }
            else if (python is not null)
            {
                servers.Add(() => ServedProcess.Start(
                    $"FastAPI + uvicorn + PyTorch ({peerWorkers} worker{(peerWorkers == 1 ? "" : "s")})",
                    python,
                    [BenchmarkEnvironment.Peer("serve_fastcnn.py"), "--port", PeerPort.ToString(CultureInfo.InvariantCulture), "--workers", peerWorkers.ToString(CultureInfo.InvariantCulture)],
                    Local(PeerPort),
                    "/healthz"));
            }
            else
            {
                Console.Error.WriteLine("No Python with fastapi for the peer: apt-get install -y python3-fastapi python3-uvicorn python3-torch python3-pil");
            }

            var rows = new List<string>();
            var rates = new Dictionary<(string Server, int Connections), WrkResult>();
            var memory = new List<string>();
            foreach (var start in servers)
            {
                using var server = start();
                var url = new Uri(server.BaseAddress, "/v1/predict");

                // A short warm-up: JIT, ONNX Runtime's first runs, the peer's first requests.
                WrkLoad.Run(url, script, work, Pictures, 8, 2);
                foreach (var count in connections)
                {
                    var result = WrkLoad.Run(url, script, work, Pictures, count, seconds);
                    rates[(server.Name, count)] = result;
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {server.Name} | {count} | {result.RequestsPerSecond:N0} | {result.P50Milliseconds:F2} | {result.P99Milliseconds:F2} | {result.Requests:N0} | {result.Errors} |"));
                }

                if (soak > 0)
                {
                    var before = server.ResidentMegabytes();
                    var result = WrkLoad.Run(url, script, work, Pictures, 64, soak);
                    var after = server.ResidentMegabytes();
                    memory.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {server.Name} | {soak} | {result.Requests:N0} | {result.Errors} | {before:F1} | {after:F1} | {100 * (after - before) / before:+0.0;-0.0} % |"));
                }
            }

            PrintLoad("at end");
            Console.WriteLine();
            Console.WriteLine("| server | connections | predictions/s | p50 (ms) | p99 (ms) | requests | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
            if (memory.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine("| server | seconds at 64 connections | requests | errors | RSS before (MB) | RSS after (MB) | growth |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
                memory.ForEach(Console.WriteLine);
            }

            PrintRatios(rates, connections);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Starts <c>digits serve</c> on <paramref name="model"/>, or on the pretrained model when it is null.</summary>
    private static ServedProcess Ours(string name, string? model, IReadOnlyList<string> extra)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "digits.dll");
        if (!File.Exists(cli))
        {
            cli = Path.Combine(BenchmarkEnvironment.RepositoryRoot, "src", "Digits.Cli", "bin", "Release", "net10.0", "digits.dll");
        }

        if (!File.Exists(cli))
        {
            throw new FileNotFoundException("Build the solution in Release first: the benchmark starts the built digits CLI.", cli);
        }

        return ServedProcess.Start(name, "dotnet", [cli, "serve", model ?? "--pretrained", "--urls", Local(OurPort).ToString(), .. extra], Local(OurPort), "/healthz");
    }

    private static Uri Local(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    private static void PrintRatios(Dictionary<(string Server, int Connections), WrkResult> rates, int[] connections)
    {
        var peer = rates.Keys.Select(k => k.Server).FirstOrDefault(s => s.StartsWith("FastAPI", StringComparison.Ordinal));
        Console.WriteLine();
        foreach (var count in connections)
        {
            if (!rates.TryGetValue(("digits serve (batching on)", count), out var on))
            {
                continue;
            }

            var line = string.Create(CultureInfo.InvariantCulture, $"{count} connections: batching on {on.RequestsPerSecond:N0}/s");
            if (rates.TryGetValue(("digits serve (batching off)", count), out var off))
            {
                line += string.Create(CultureInfo.InvariantCulture, $", {on.RequestsPerSecond / off.RequestsPerSecond:F2}× batching off");
            }

            if (peer is not null && rates.TryGetValue((peer, count), out var python))
            {
                line += string.Create(CultureInfo.InvariantCulture,
                    $", {on.RequestsPerSecond / python.RequestsPerSecond:F2}× the Python peer's throughput at {on.P99Milliseconds / python.P99Milliseconds:F2}× its p99");
            }

            Console.WriteLine(line);
        }
    }

    private static void PrintLoad(string when)
    {
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine($"load average {when}: " + File.ReadAllText("/proc/loadavg").Trim());
        }
    }

    /// <summary>The <c>digits serve</c> options this benchmark varies.</summary>
    private static class ServeCommand
    {
        /// <summary>Turns the dynamic batcher off: every request is its own ONNX Runtime run.</summary>
        public static readonly string[] BatchingOff = ["--max-batch-size", "1"];
    }
}
