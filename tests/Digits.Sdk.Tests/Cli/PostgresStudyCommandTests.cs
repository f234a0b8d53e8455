using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.Tuning.Studies;
using Digits.Sdk.Tuning;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// <c>digits tune --study</c> workers on PostgreSQL (<see cref="PostgresServer"/>): three at once with one killed,
/// and the errors a shared database can give.
/// </summary>
public sealed class PostgresStudyCommandTests : IPostgresTests, IDisposable
{
    private readonly Lazy<PostgresDatabase> database = new(() => new PostgresDatabase());

    private PostgresDatabase Database => database.Value;

    public void Dispose()
    {
        if (database.IsValueCreated)
        {
            database.Value.Dispose();
        }
    }

    [StoreFact]
    [Trait("Category", "Slow")]
    public void Three_workers_with_one_killed_mid_trial_finish_the_study_with_every_trial_done_once()
    {
        var workers = Enumerable.Range(0, 3).Select(_ => WorkerProcess.Start(StudyRuns.Tune(Database.Uri, "fastcnn", lease: 4))).ToArray();
        try
        {
            // Every worker is training, each its own trial, when one of them is killed in the middle of its trial.
            var trial = StudyRuns.WaitFor(Database.Storage, "fastcnn", t => StudyRuns.InFirstEpoch(t) && Study.Open(Database.Storage, "fastcnn").Running == 3, workers);
            var victim = workers.Single(w => w.Id == StudyRuns.ProcessOf(trial.Worker!));
            victim.Kill();

            foreach (var survivor in workers.Where(w => w != victim))
            {
                var result = survivor.WaitForExit(TimeSpan.FromMinutes(4));
                Assert.True(result.ExitCode == 0, result.Output);
            }

            var reference = DigitsTool.Run(TimeSpan.FromMinutes(4), StudyRuns.Tune(Database.Uri, "reference", lease: 4));
            Assert.True(reference.ExitCode == 0, reference.Output);

            var study = Study.Open(Database.Storage, "fastcnn");
            StudyRuns.AssertEveryTrialDoneOnce(study);
            Assert.Equal(6, study.Complete);
            var attempts = study.Attempts.Where(a => a.Trial == trial.Number).ToList();
            Assert.Equal([StudyAttemptOutcome.Expired, StudyAttemptOutcome.Complete], attempts.Select(a => a.Outcome));
            Assert.Equal(trial.Worker, attempts[0].Worker);
            Assert.NotEqual(trial.Worker, attempts[1].Worker);
            Assert.Equal(3, study.Workers.Count);
            Assert.Equal(StudyRuns.Leaderboard(Study.Open(Database.Storage, "reference")), StudyRuns.Leaderboard(study));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [StoreFact]
    public void A_wrong_password_is_one_error_and_nothing_is_loaded_or_written()
    {
        var wrong = Database.Uri.Replace(":" + Uri.EscapeDataString(PostgresServer.Settings.Password!) + "@", ":not-the-password@", StringComparison.Ordinal);

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune(wrong, "lr")));

        Assert.Contains("refused the password of user", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", line, StringComparison.Ordinal);
        Assert.Empty(Database.Query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'digits%'"));
    }

    [StoreFact]
    public void Joining_a_study_with_another_plan_is_one_error_and_changes_nothing()
    {
        var first = DigitsTool.Run(StudyRuns.QuickTune(Database.Uri, "lr"));
        Assert.True(first.ExitCode == 0, first.Output);
        var before = DigitsTool.Run("study", "show", "lr", "--storage", Database.Uri, "--json").StandardOutput;

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune(Database.Uri, "lr", learningRates: "1e-3,3e-3")));

        Assert.Contains("Study 'lr'", line, StringComparison.Ordinal);
        Assert.Contains("space: learningRate=1e-3,1e-2 in the study, learningRate=1e-3,3e-3 here", line, StringComparison.Ordinal);
        Assert.Equal(before, DigitsTool.Run("study", "show", "lr", "--storage", Database.Uri, "--json").StandardOutput);
    }

    [StoreFact]
    public void Tables_of_a_newer_sdk_are_one_error_and_nothing_is_written()
    {
        Database.Execute("CREATE TABLE digits_schema (version integer NOT NULL, written_by text NOT NULL); INSERT INTO digits_schema VALUES (2, 'Digits.Sdk 9.0.0')");

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune(Database.Uri, "lr")));

        Assert.Contains("schema version 2, written by Digits.Sdk 9.0.0", line, StringComparison.Ordinal);
        Assert.Equal(["digits_schema"], Database.Query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));
        Assert.Equal(["2"], Database.Query("SELECT version FROM digits_schema"));
    }
}
