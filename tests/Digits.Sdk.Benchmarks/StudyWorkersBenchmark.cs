using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Tuning;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>study-workers</c>: the wall time of a 16-trial FastCnn grid (learning rate × weight decay, FastCnn's recipe of
/// one epoch) run by 1, 2 and 4 <c>digits tune --study</c> worker processes of one thread each on a SQLite study,
/// beside the in-memory <c>digits tune</c> (no study) with one thread and with every core. Every study must end with
/// the same leaderboard as the one-worker study. Options: --train-images N (default 10,000 of the 55,000 training
/// images, so a run takes minutes on two cores; 0 for all), --validation N (default 5,000), --storage STORAGE (default a
/// temporary SQLite file; a postgresql:// URI to measure PostgreSQL).
/// </summary>
internal static class StudyWorkersBenchmark
{
    private static readonly string[] Grid = ["--grid", "learningRate=1e-3,3e-3,1e-2,3e-2", "--grid", "weightDecay=0,1e-4,5e-4,1e-3"];

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var trainImages = options.Int("--train-images") ?? 10_000;
        var validation = options.Int("--validation") ?? 5_000;
        var cli = Path.Combine(BenchmarkEnvironment.RepositoryRoot, "src", "Digits.Cli", "bin", "Release", "net10.0", "digits.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"study-workers runs the built tool: dotnet build src/Digits.Cli -c Release (no {cli}).");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("digits-study-workers-");
        var storage = options.Text("--storage") ?? "sqlite:" + Path.Combine(folder.FullName, "studies.db");
        string[] common = ["tune", "FastCnn", "--data", Path.Combine(BenchmarkEnvironment.DataRoot, "mnist"), .. Grid, "--validation", validation.ToString(CultureInfo.InvariantCulture), "--json"];
        if (trainImages > 0)
        {
            common = [.. common, "--train-images", trainImages.ToString(CultureInfo.InvariantCulture)];
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"study-workers: 16 FastCnn trials (4 learning rates × 4 weight decays, 1 epoch) on {(trainImages > 0 ? trainImages.ToString("N0", CultureInfo.InvariantCulture) : "all")} training images, scored on {validation:N0}; {Environment.ProcessorCount} cores; study storage {StudyStorage.Parse(storage)}"));
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine("load average at start: " + File.ReadAllText("/proc/loadavg").Trim());
        }

        try
        {
            var rows = new List<(string Name, int Workers, double Seconds, string Check)>();
            rows.Add(("in-memory digits tune, 1 thread", 1, Time(cli, [[.. common, "--threads", "1"]]), "-"));
            rows.Add(("in-memory digits tune, all cores", 1, Time(cli, [common]), "-"));
            IReadOnlyList<string>? reference = null;
            foreach (var workers in new[] { 1, 2, 4 })
            {
                var study = $"workers-{workers}";
                string[] worker = [.. common, "--threads", "1", "--study", study, "--storage", storage];
                var seconds = Time(cli, [.. Enumerable.Repeat(worker, workers)]);
                var done = Study.Open(StudyStorage.Parse(storage), study);
                var board = done.Leaderboard.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Number} {t.ValidationAccuracy:R} {t.ValidationLoss:R}")).ToList();
                reference ??= board;
                var check = done.Complete != 16 ? $"{done.Complete}/16 complete" : board.SequenceEqual(reference) ? "same leaderboard" : "leaderboard differs";
                rows.Add(($"digits tune --study, --threads 1 per worker ({string.Join(", ", done.Workers.Select(w => w.Complete))} trials each)", workers, seconds, check));
            }

            var baseline = rows[0].Seconds;
            Console.WriteLine();
            Console.WriteLine("| run | worker processes | wall s | trials per minute | vs in-memory 1 thread | study check |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
            foreach (var (name, workers, seconds, check) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {workers} | {seconds:F1} | {16 * 60 / seconds:F1} | {baseline / seconds:F2}x | {check} |"));
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Starts every command at once and returns the seconds until the last one ends; any failure stops the benchmark.</summary>
    private static double Time(string cli, IReadOnlyList<string[]> commands)
    {
        var clock = Stopwatch.StartNew();
        var runs = commands.Select(arguments => Task.Run(() => BenchmarkEnvironment.RunProcess("dotnet", [cli, .. arguments]))).ToArray();
        Task.WaitAll(runs);
        var seconds = clock.Elapsed.TotalSeconds;
        if (runs.FirstOrDefault(r => r.Result.ExitCode != 0) is { } failed)
        {
            throw new InvalidOperationException($"digits tune failed with {failed.Result.ExitCode}:\n{failed.Result.Output}");
        }

        return seconds;
    }
}
