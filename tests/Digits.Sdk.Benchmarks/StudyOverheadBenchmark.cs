using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Digits.Sdk.Tuning.Storage;
using Npgsql;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// <c>study-overhead</c>: what keeping a search in a study store costs each trial, without any training: claiming
/// it, its heartbeats, and recording its outcome with a FastCnn checkpoint's worth of weights, on SQLite (a
/// temporary file) and PostgreSQL (a temporary database on <c>DIGITS_BENCH_POSTGRES</c>, else
/// <c>DIGITS_TEST_POSTGRES</c>; <c>eval "$(bash .ci/postgres start)"</c> starts one), with 1 and 4 workers claiming
/// at once. The goal is at most 50 ms per trial.
/// Options: --trials N (per run, default 200), --heartbeats N (per trial, default 3).
/// </summary>
internal static class StudyOverheadBenchmark
{
    private const double GoalMilliseconds = 50;

    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var trials = options.Int("--trials") ?? 200;
        var heartbeats = options.Int("--heartbeats") ?? 3;

        // A FastCnn checkpoint without optimizer state: four bytes a parameter and a small manifest.
        var weights = new byte[(ModelZoo.Get("FastCnn").Architecture.ParameterCount * 4) + 1024];
        Random.Shared.NextBytes(weights);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"study-overhead: {trials} trials a run, each claimed, beaten {heartbeats} times and recorded with {weights.Length / 1024.0:F0} KB of weights (a FastCnn checkpoint); no training; {Environment.ProcessorCount} cores"));
        PrintLoad();

        var rows = new List<string>();
        var folder = Directory.CreateTempSubdirectory("digits-study-overhead-");
        try
        {
            foreach (var workers in new[] { 1, 4 })
            {
                var storage = StudyStorage.Sqlite(Path.Combine(folder.FullName, $"{workers}.db"));
                rows.Add(Measure("SQLite (file, WAL)", storage, workers, trials, heartbeats, weights));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }

        var server = Environment.GetEnvironmentVariable("DIGITS_BENCH_POSTGRES") is { Length: > 0 } bench ? bench : Environment.GetEnvironmentVariable("DIGITS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            Console.WriteLine("PostgreSQL: skipped, neither DIGITS_BENCH_POSTGRES nor DIGITS_TEST_POSTGRES is set (eval \"$(bash .ci/postgres start)\" starts one).");
        }
        else
        {
            foreach (var workers in new[] { 1, 4 })
            {
                using var database = TemporaryDatabase.Create(server);
                rows.Add(Measure("PostgreSQL 127.0.0.1", database.Storage, workers, trials, heartbeats, weights));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| store | workers at once | claim ms (p50 / p95) | heartbeat ms (p50 / p95) | record ms (p50 / p95) | per trial ms: claim + {heartbeats} heartbeats + record (mean) | goal ≤ {GoalMilliseconds:F0} ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static string Measure(string name, StudyStorage storage, int workers, int trials, int heartbeats, byte[] weights)
    {
        var plan = new StudyPlan
        {
            Network = "FastCnn",
            Architecture = new string('a', 64),
            Strategy = SearchStrategy.Grid,
            Seed = 42,
            Space = [Hyperparameter.Choice("learningRate", [.. Enumerable.Range(1, trials).Select(i => (i * 1e-4).ToString("R", CultureInfo.InvariantCulture))])],
            Trials = 0,
            MinimumEpochs = 1,
            Recipe = new TrainingRecipe { Epochs = 1 },
            Data = new StudyData("mnist", 10, 55_000, 5_000, new string('b', 64)),
        };
        var first = plan.Space[0].Values.Select((v, i) => new PlannedTrial(i + 1, i, 0, 1, new Dictionary<string, string> { ["learningRate"] = v })).ToList();
        using (var creator = storage.Open(create: true))
        {
            creator.Join("overhead", plan, trials, first, new WorkerIdentity("creator", Environment.MachineName));
        }

        var claims = new ConcurrentBag<double>();
        var beats = new ConcurrentBag<double>();
        var records = new ConcurrentBag<double>();
        var perTrial = new ConcurrentBag<double>();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Factory.StartNew(
            () =>
            {
                using var store = storage.Open(create: true);
                var worker = new WorkerIdentity($"bench-{w}", Environment.MachineName);
                var study = store.Join("overhead", plan, trials, first, worker);
                while (true)
                {
                    var clock = Stopwatch.StartNew();
                    if (store.Claim(study, worker, TimeSpan.FromMinutes(1)) is not { } lease)
                    {
                        return;
                    }

                    var claimed = clock.Elapsed.TotalMilliseconds;
                    var beaten = 0.0;
                    for (var i = 0; i < heartbeats; i++)
                    {
                        var beat = Stopwatch.StartNew();
                        if (!store.Heartbeat(lease, "epoch 1/1, batch 100/430"))
                        {
                            throw new InvalidOperationException($"Trial {lease.Number} lost its lease.");
                        }

                        beats.Add(beat.Elapsed.TotalMilliseconds);
                        beaten += beat.Elapsed.TotalMilliseconds;
                    }

                    var record = Stopwatch.StartNew();
                    var outcome = new TrialOutcome(0.99, 0.03, [new EpochMetrics(1, 0.1, 0.97, 0.03, 0.99, 1e-3, TimeSpan.FromSeconds(14), 4000)], plan.RecipeFor(1, lease.Values), TimeSpan.FromSeconds(14), weights);
                    if (!store.Complete(lease, outcome))
                    {
                        throw new InvalidOperationException($"Trial {lease.Number} could not be recorded.");
                    }

                    records.Add(record.Elapsed.TotalMilliseconds);
                    claims.Add(claimed);
                    perTrial.Add(claimed + beaten + record.Elapsed.TotalMilliseconds);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks);

        var study = Study.Open(storage, "overhead");
        if (study.Complete != trials || study.Attempts.Count != trials)
        {
            throw new InvalidOperationException($"{name}: {study.Complete} of {trials} trials complete after {study.Attempts.Count} claims.");
        }

        string Pair(ConcurrentBag<double> values) => string.Create(CultureInfo.InvariantCulture, $"{Statistics.Percentile(values, 0.5):F2} / {Statistics.Percentile(values, 0.95):F2}");
        var mean = perTrial.Average();
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {workers} | {Pair(claims)} | {Pair(beats)} | {Pair(records)} | {mean:F1} | {(mean <= GoalMilliseconds ? "met" : "missed")} |");
    }

    private static void PrintLoad()
    {
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine("load average at start: " + File.ReadAllText("/proc/loadavg").Trim());
        }
    }

    /// <summary>A database of its own on the server, dropped afterwards, so the benchmark starts from empty tables.</summary>
    private sealed class TemporaryDatabase : IDisposable
    {
        private readonly NpgsqlConnectionStringBuilder admin;
        private readonly string name;

        private TemporaryDatabase(NpgsqlConnectionStringBuilder admin, string name, StudyStorage storage)
        {
            this.admin = admin;
            this.name = name;
            Storage = storage;
        }

        public StudyStorage Storage { get; }

        public static TemporaryDatabase Create(string uri)
        {
            var parsed = new Uri(uri);
            var user = parsed.UserInfo.Split(':', 2);
            var admin = new NpgsqlConnectionStringBuilder
            {
                Host = parsed.Host,
                Port = parsed.Port,
                Username = Uri.UnescapeDataString(user[0]),
                Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
                Database = parsed.AbsolutePath.Trim('/') is { Length: > 0 } database ? database : "postgres",
                Pooling = false,
            };
            var name = $"digits_bench_{Guid.NewGuid():N}";
            Execute(admin, $"CREATE DATABASE {name}");
            return new TemporaryDatabase(admin, name, StudyStorage.Parse(new UriBuilder(parsed) { Path = "/" + name }.Uri.AbsoluteUri));
        }

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        private static void Execute(NpgsqlConnectionStringBuilder settings, string sql)
        {
            using var connection = new NpgsqlConnection(settings.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
