using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tuning;
using Microsoft.Data.Sqlite;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// A worker of <c>digits tune --study</c> on a SQLite file killed with SIGKILL in the middle of a trial, and started
/// again: the study finishes with every trial done once and the leaderboard of a run nobody interrupted.
/// </summary>
public sealed class StudyKillTests : IDisposable
{
    private readonly TemporaryFolder folder = new("digits-study");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_worker_killed_mid_trial_and_started_again_finishes_every_trial_once_with_the_uninterrupted_leaderboard()
    {
        var killed = "sqlite:" + folder.File("killed.db");
        var storage = StudyStorage.Parse(killed);
        int victim;
        using (var worker = WorkerProcess.Start(StudyRuns.Tune(killed, "fastcnn")))
        {
            // Mid-trial: a later trial whose first of two epochs a heartbeat has reported.
            victim = StudyRuns.WaitFor(storage, "fastcnn", t => t.Number >= 2 && StudyRuns.InFirstEpoch(t), worker).Number;
            worker.Kill();
        }

        var interrupted = Study.Open(storage, "fastcnn");
        Assert.Equal(StudyTrialState.Running, interrupted.Trials.Single(t => t.Number == victim).State);
        Assert.InRange(interrupted.Complete, 1, 5);

        var restarted = DigitsTool.Run(TimeSpan.FromMinutes(4), StudyRuns.Tune(killed, "fastcnn"));
        var uninterrupted = DigitsTool.Run(TimeSpan.FromMinutes(4), StudyRuns.Tune("sqlite:" + folder.File("clean.db"), "fastcnn"));

        Assert.True(restarted.ExitCode == 0, restarted.Output);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Output);
        var finished = Study.Open(storage, "fastcnn");
        StudyRuns.AssertEveryTrialDoneOnce(finished);
        Assert.Equal(6, finished.Complete);
        var attempts = finished.Attempts.Where(a => a.Trial == victim).ToList();
        Assert.Equal([StudyAttemptOutcome.Expired, StudyAttemptOutcome.Complete], attempts.Select(a => a.Outcome));
        Assert.NotEqual(attempts[0].Worker, attempts[1].Worker);
        Assert.Equal(StudyRuns.Leaderboard(Study.Open(StudyStorage.Parse("sqlite:" + folder.File("clean.db")), "fastcnn")), StudyRuns.Leaderboard(finished));
    }
}
