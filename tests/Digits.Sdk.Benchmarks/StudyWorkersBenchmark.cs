using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Tuning;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>study-workers</c>: the wall time of a 16-trial FastCnn grid (learning rate × weight decay, FastCnn's recipe of
/// one epoch) run by 1, 2 and 4 <c>digits tune --study</c> worker processes of one thread each on a SQLite study,
/// beside the in-memory <c>digits tune</c> (no study) with one thread and with every core. Every study must end with
/// the same leaderboard as the one-worker study. The runs take turns, and each is repeated (the median counts), so a
/// change in the shared machine's load falls on every run alike. Options: --train-images N (default 10,000 of the
/// 55,000 training images, so a round takes minutes on two cores; 0 for all), --validation N (default 5,000),
/// --repeat N (default 2), --storage STORAGE (default a temporary SQLite file; a postgresql:// URI to measure
/// PostgreSQL).
/// </summary>
internal static class StudyWorkersBenchmark
{
    private static readonly string[] Grid = ["--grid", "learningRate=1e-3,3e-3,1e-2,3e-2", "--grid", "weightDecay=0,1e-4,5e-4,1e-3"];

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var trainImages = options.Int("--train-images") ?? 10_000;
        var validation = options.Int("--validation") ?? 5_000;
        var repeat = options.Int("--repeat") ?? 2;
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
            var runs = new List<(string Name, int Workers, string[][] Commands, string? Study)>
            {
                ("in-memory digits tune, 1 thread", 1, [[.. common, "--threads", "1"]], null),
                ("in-memory digits tune, all cores", 1, [common], null),
            };
            foreach (var workers in new[] { 1, 2, 4 })
            {
                runs.Add(($"digits tune --study, 1 thread per worker", workers, [], $"workers-{workers}"));
            }

            var seconds = runs.ToDictionary(r => r, _ => new List<double>());
            var loads = runs.ToDictionary(r => r, _ => new List<string>());
            var checks = runs.ToDictionary(r => r, _ => "-");
            IReadOnlyList<string>? reference = null;
            for (var round = 0; round < repeat; round++)
            {
                foreach (var run in runs)
                {
                    var study = run.Study is null ? null : $"{run.Study}-{round}";
                    string[][] commands = study is null ? run.Commands : [.. Enumerable.Repeat<string[]>([.. common, "--threads", "1", "--study", study, "--storage", storage], run.Workers)];
                    loads[run].Add(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?");
                    seconds[run].Add(Time(cli, commands));
                    if (study is not null)
                    {
                        var done = Study.Open(StudyStorage.Parse(storage), study);
                        var board = done.Leaderboard.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Number} {t.ValidationAccuracy:R} {t.ValidationLoss:R}")).ToList();
                        reference ??= board;
                        checks[run] = done.Complete != 16 ? $"{done.Complete}/16 complete" : !board.SequenceEqual(reference) ? "leaderboard differs" : checks[run] == "-" ? $"same leaderboard; trials per worker {string.Join(", ", done.Workers.Select(w => w.Complete))}" : checks[run];
                    }
                }
            }

            var baseline = Statistics.Median(seconds[runs[0]]);
            Console.WriteLine();
            Console.WriteLine("| run | worker processes | wall s (median) | each round | load average at each start | trials per minute | vs in-memory 1 thread | study check |");
            Console.WriteLine("| --- | ---: | ---: | --- | --- | ---: | ---: | --- |");
            foreach (var run in runs)
            {
                var median = Statistics.Median(seconds[run]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {run.Name} | {run.Workers} | {median:F1} | {string.Join(", ", seconds[run].Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} | {string.Join(", ", loads[run])} | {16 * 60 / median:F1} | {baseline / median:F2}x | {checks[run]} |"));
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
