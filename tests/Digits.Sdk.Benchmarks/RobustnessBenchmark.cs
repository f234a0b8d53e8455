using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Digits.Sdk.Robustness;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>robustness</c>: MNIST-C's 15 families for the pretrained model and a one-epoch FastCnn side by side, each
/// model-level (every corrupted 28×28 test sample into the model) and through the picture path (each digit drawn as
/// a 112×112 dark-on-light PNG and read with <c>PredictImage</c>, "no digit found" counted apart), with the seconds
/// each column took.
/// </summary>
/// <remarks>
/// Options: <c>--limit N</c> (test images model-level, default all 10,000), <c>--picture-limit N</c> (test images
/// through the picture path, default 1,000: drawing and reading a picture costs far more than a model run),
/// <c>--seed N</c> (the corruptions' seed, default 0), <c>--threads N</c> (for FastCnn's training), <c>--models
/// a.onnx,b.onnx</c> (more ONNX models beside the two, such as an older pretrained model), <c>--data folder</c>.
/// </remarks>
internal static class RobustnessBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var dataRoot = options.Text("--data") ?? BenchmarkEnvironment.DataRoot;
        var limit = options.Int("--limit") ?? 10_000;
        var pictureLimit = options.Int("--picture-limit") ?? 1_000;
        var seed = options.Int("--seed") ?? 0;
        var threads = options.Int("--threads") ?? Environment.ProcessorCount;
        var extra = (options.Text("--models") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"robustness: MNIST-C's 15 families, seed {seed}; {limit:N0} test images model-level, {pictureLimit:N0} as 112x112 pictures; {Environment.ProcessorCount} cores"));
        Console.WriteLine(PretrainedModelLine.Describe());
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine("load average at start: " + File.ReadAllText("/proc/loadavg").Trim());
        }

        using var mnist = Datasets.Mnist.LoadAsync(dataRoot).GetAwaiter().GetResult();
        var work = Directory.CreateTempSubdirectory("digits-robustness-").FullName;
        try
        {
            var fastCnn = Path.Combine(work, "fastcnn.onnx");
            var clock = Stopwatch.StartNew();
            using (var network = ModelZoo.Get("FastCnn").Trainer().Threads(threads).Fit(mnist.Train).Model)
            {
                OnnxExporter.Export(network, fastCnn, new OnnxExportOptions { Dataset = mnist.Identity });
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FastCnn: one epoch of its recipe in {clock.Elapsed.TotalSeconds:F0} s"));

            List<(string Name, Func<DigitClassifier> Load)> models =
            [
                ("pretrained", () => DigitClassifier.LoadPretrained()),
                ("FastCnn, 1 epoch", () => DigitClassifier.Load(fastCnn)),
                .. extra.Select(path => (Path.GetFileName(path), (Func<DigitClassifier>)(() => DigitClassifier.Load(path)))),
            ];

            var columns = new List<Column>();
            foreach (var (name, load) in models)
            {
                using var classifier = load();
                var measured = new RobustnessOptions { Seed = seed, Limit = limit, ModelName = name };
                columns.Add(Measure($"{name}, samples", () => classifier.EvaluateRobustness(mnist.Test, measured)));
                columns.Add(Measure($"{name}, pictures", () => classifier.EvaluatePictureRobustness(mnist.Test, measured with { Limit = pictureLimit })));
            }

            Print(columns);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Column Measure(string name, Func<RobustnessReport> evaluate)
    {
        var clock = Stopwatch.StartNew();
        var report = evaluate();
        return new Column(name, report, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One Markdown table: a row per family, a column per model and input; picture cells add their "no digit found" count.</summary>
    private static void Print(List<Column> columns)
    {
        Console.WriteLine();
        Console.WriteLine("accuracy % (pictures: accuracy % / no digit found)");
        Console.WriteLine();
        Console.WriteLine("| family | " + string.Join(" | ", columns.Select(c => c.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(columns.Select(_ => "---:|")));
        Console.WriteLine("| clean | " + string.Join(" | ", columns.Select(c => Cell(c.Report, c.Report.Clean.Accuracy, c.Report.Clean.Blank))) + " |");
        foreach (var family in Corruptions.All)
        {
            Console.WriteLine($"| {Corruptions.Name(family)} | " + string.Join(" | ", columns.Select(c => c.Report.Families.Single(f => f.Corruption == family)).Zip(columns, (f, c) => Cell(c.Report, f.Accuracy, f.Blank))) + " |");
        }

        Console.WriteLine("| **mean of 15** | " + string.Join(" | ", columns.Select(c => Cell(c.Report, c.Report.MeanAccuracy, c.Report.Families.Sum(f => f.Blank)))) + " |");
        Console.WriteLine("| error relative to clean | " + string.Join(" | ", columns.Select(c => c.Report.RelativeCorruptionError is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) + "x" : "-")) + " |");
        Console.WriteLine("| images | " + string.Join(" | ", columns.Select(c => c.Report.SampleCount.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("| seconds | " + string.Join(" | ", columns.Select(c => c.Seconds.ToString("F1", CultureInfo.InvariantCulture))) + " |");
    }

    private static string Cell(RobustnessReport report, double accuracy, int blank) => report.Input == CorruptedInput.Pictures
        ? string.Create(CultureInfo.InvariantCulture, $"{accuracy * 100:F1} / {blank:N0}")
        : string.Create(CultureInfo.InvariantCulture, $"{accuracy * 100:F2}");

    private sealed record Column(string Name, RobustnessReport Report, double Seconds);
}
