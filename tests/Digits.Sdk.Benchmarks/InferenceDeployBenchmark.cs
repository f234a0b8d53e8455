using System.Diagnostics;
using System.Globalization;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>inference-deploy</c>: what an application that reads one digit costs to ship and to start. Packs both packages
/// from this build into a local feed, writes fresh console apps that read one PNG with the pretrained model (one on
/// Digits.Sdk.Inference alone, one on Digits.Sdk, the peer), publishes them with <c>dotnet publish -c Release -r
/// linux-x64</c> (framework-dependent, the default with <c>-r</c>) plain, ReadyToRun and Native AOT, and reports each
/// publish folder's size and the wall time of a whole process run, start to printed label (median of N runs after one
/// untimed run that also checks the label).
/// Options: --runs N (timed runs per publish, default 10), --no-aot (skip the Native AOT publish, which needs clang).
/// </summary>
internal static class InferenceDeployBenchmark
{
    private const string Inference = "Digits.Sdk.Inference";
    private const string Full = "Digits.Sdk";

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var runs = options.Int("--runs") ?? 10;
        List<DeployVariant> variants =
        [
            new(Inference, "plain", "no", []),
            new(Inference, "ReadyToRun", "no", ["-p:PublishReadyToRun=true"]),
            new(Full, "plain", "no", []),
        ];
        if (!options.Flag("--no-aot"))
        {
            variants.Insert(2, new(Inference, "Native AOT", "yes (native)", ["-p:PublishAot=true"]));
        }

        Console.WriteLine($"inference-deploy: dotnet publish -c Release -r linux-x64, {runs} timed runs each after one untimed run; {Environment.ProcessorCount} cores");
        Console.WriteLine(PretrainedModelLine.Describe());
        PrintLoad("at start");

        var work = Directory.CreateTempSubdirectory("digits-deploy-").FullName;
        try
        {
            // The first test image is a clear 7; as a picture it is large, off-centre and dark on light.
            var (images, labels) = MnistTestImages.Read(1);
            var picture = Path.Combine(work, "seven.png");
            File.WriteAllBytes(picture, DigitPicture.Png(images[0]));
            using var feed = LocalPackageFeed.Pack(Path.Combine(work, "feed"));
            Console.WriteLine($"packed {Inference} and {Full} {feed.Version}; apps in {work}");

            var rows = new List<string>();
            var details = new List<string>();
            var sizes = new Dictionary<string, long>();
            foreach (var variant in variants)
            {
                var app = ConsumerApp.Create(Path.Combine(work, variant.FolderName), variant.Package, feed);
                var publish = app.Publish(variant.Properties);
                if (!publish.Succeeded)
                {
                    rows.Add($"| {variant.Package} | {variant.Publish} | {variant.SelfContained} | publish failed | | | | {publish.Seconds:F0} |");
                    details.Add($"{variant.Name}: dotnet publish failed:\n  " + string.Join("\n  ", publish.Errors.Take(15)));
                    continue;
                }

                var bytes = publish.Bytes;
                sizes[variant.Name] = bytes;
                var largest = publish.Files.Take(4).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} {f.Length / 1e6:F1}"));
                details.Add($"{variant.Name}: {publish.Files.Count} files; largest (MB): {string.Join(", ", largest)}");
                var timing = TimeRuns(publish.Executable, picture, labels[0], runs);
                rows.Add(timing.Failure is null
                    ? string.Create(CultureInfo.InvariantCulture, $"| {variant.Package} | {variant.Publish} | {variant.SelfContained} | {bytes / 1e6:F1} | {Statistics.Median(timing.Milliseconds):F0} | {timing.Milliseconds.Min():F0} | {timing.Milliseconds.Max():F0} | {publish.Seconds:F0} |")
                    : string.Create(CultureInfo.InvariantCulture, $"| {variant.Package} | {variant.Publish} | {variant.SelfContained} | {bytes / 1e6:F1} | run failed | | | {publish.Seconds:F0} |"));
                if (timing.Failure is not null)
                {
                    details.Add($"{variant.Name}: the published app failed:\n  " + timing.Failure.Replace("\n", "\n  ", StringComparison.Ordinal));
                }

                // The Digits.Sdk publish holds libtorch (about 1.5 GB); free it before the next one.
                Directory.Delete(app.Folder, recursive: true);
            }

            PrintLoad("at end");
            Console.WriteLine();
            Console.WriteLine("| app references | publish | self-contained | publish folder (MB) | start → label, median (ms) | min (ms) | max (ms) | publish (s) |");
            Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
            details.ForEach(Console.WriteLine);
            if (sizes.TryGetValue($"{Inference} plain", out var small) && sizes.TryGetValue($"{Full} plain", out var large))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Inference}'s publish folder is {small / 1e6:F1} MB, {100.0 * small / large:F1}% of {Full}'s {large / 1e6:F1} MB (MB = 10^6 bytes)"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs the app once untimed (its label must be right), then <paramref name="runs"/> times, timing each whole process.</summary>
    private static (List<double> Milliseconds, string? Failure) TimeRuns(string executable, string picture, int expected, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var (code, output) = BenchmarkEnvironment.RunProcess(executable, [picture]);
            var milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (code != 0 || !output.Split('\n').Any(line => line.Trim() == $"label {expected}"))
            {
                return (times, $"exit code {code}, expected 'label {expected}', printed:\n{output.Trim()}");
            }

            if (i > 0)
            {
                times.Add(milliseconds);
            }
        }

        return (times, null);
    }

    private static void PrintLoad(string when)
    {
        if (File.Exists("/proc/loadavg"))
        {
            // Shared machines: other builds stretch both the publishes and the start times.
            Console.WriteLine($"load average {when}: " + File.ReadAllText("/proc/loadavg").Trim());
        }
    }

    /// <summary>One app and one way of publishing it.</summary>
    private sealed record DeployVariant(string Package, string Publish, string SelfContained, string[] Properties)
    {
        public string Name => $"{Package} {Publish}";

        public string FolderName => Name.Replace(' ', '-').Replace('.', '-').ToLowerInvariant();
    }
}
