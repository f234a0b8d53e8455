using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>data-load</c>: MNIST's training images from <c>.gz</c> to a normalised float32 NCHW tensor, against
/// gzip + numpy in Python measured in the same run; then the batch iterator's throughput.
/// </summary>
internal static class DataLoadBenchmark
{
    private const int Runs = 7;

    public static int Run(string[] args)
    {
        var info = Datasets.Mnist;
        var folder = Path.Combine(BenchmarkEnvironment.DataRoot, info.Name);
        var images = Path.Combine(folder, info.TrainImages.FileName);
        if (!File.Exists(images))
        {
            Console.Error.WriteLine($"MNIST not found at {images}; set DIGITS_DATA.");
            return 1;
        }

        Console.WriteLine($"data-load: {images}, median of {Runs} runs after a warm-up, {Environment.ProcessorCount} cores");
        Console.WriteLine();

        var ours = Statistics.Median(Measure(() =>
        {
            using var tensor = IdxReader.ReadImages(images, info.Normalization);
            if (tensor.shape[0] != 60_000)
            {
                throw new InvalidOperationException("unexpected shape");
            }
        }));

        var peer = MeasurePython(images, info.Normalization);
        List<string[]> table = [["load train images .gz -> float32 NCHW", "median ms", "vs Digits.Sdk"]];
        table.Add(["Digits.Sdk IdxReader.ReadImages", Ms(ours), "1.00x"]);
        table.Add(peer is { } p
            ? ["python3 gzip + numpy", Ms(p), string.Create(CultureInfo.InvariantCulture, $"{p / ours:0.00}x slower")]
            : ["python3 gzip + numpy", "n/a", "(no python3 with numpy: apt-get install python3-numpy)"]);
        Print(table);
        Console.WriteLine();

        using var train = DigitDataset.FromIdx(images, Path.Combine(folder, info.TrainLabels.FileName), info.ClassNames, info.Normalization, "mnist/train");
        List<string[]> batchTable = [["batch iterator (one epoch, 60,000 images)", "ms / epoch", "images / s"]];
        foreach (var (size, shuffle) in new[] { (64, true), (256, true), (256, false) })
        {
            var epoch = 0;
            var time = Statistics.Median(Measure(() =>
            {
                long seen = 0;
                foreach (var batch in train.Batches(size, shuffle, seed: 42, epoch: epoch++))
                {
                    seen += batch.Count;
                }

                if (seen != train.Count)
                {
                    throw new InvalidOperationException("an epoch missed samples");
                }
            }, runs: 3));
            batchTable.Add([$"batch {size}, {(shuffle ? "shuffled" : "in order")}", Ms(time), (train.Count / (time / 1000)).ToString("N0", CultureInfo.InvariantCulture)]);
        }

        Print(batchTable);
        return 0;
    }

    private static double? MeasurePython(string images, Normalization normalization)
    {
        var python = BenchmarkEnvironment.FindPython("numpy");
        if (python is null)
        {
            return null;
        }

        var (code, output) = BenchmarkEnvironment.RunProcess(python,
        [
            BenchmarkEnvironment.Peer("load_mnist.py"), images, Runs.ToString(CultureInfo.InvariantCulture),
            normalization.Mean.ToString("R", CultureInfo.InvariantCulture), normalization.Std.ToString("R", CultureInfo.InvariantCulture),
        ]);
        if (code != 0)
        {
            Console.Error.WriteLine($"python peer failed: {output}");
            return null;
        }

        var times = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line, CultureInfo.InvariantCulture))
            .ToList();
        return Statistics.Median(times);
    }

    private static List<double> Measure(Action action, int runs = Runs)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static void Print(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            Console.WriteLine("| " + string.Join(" | ", rows[r].Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |");
            if (r == 0)
            {
                Console.WriteLine("|" + string.Join("|", widths.Select((w, c) => new string('-', w + 1) + (c == 0 ? "-" : ":"))) + "|");
            }
        }
    }
}
