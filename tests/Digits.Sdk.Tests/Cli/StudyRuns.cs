using System.Diagnostics;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tuning;

namespace Digits.Sdk.Tests.Cli;

/// <summary>The search the study tests run with the built tool, and how they watch and compare studies.</summary>
internal static class StudyRuns
{
    /// <summary>
    /// <c>digits tune</c> over six FastCnn configurations, each two epochs on 4,000 images with one thread: a couple
    /// of seconds per trial, long enough to kill a worker in the middle of one.
    /// </summary>
    public static string[] Tune(string storage, string study, int lease = 3)
        =>
        [
            "tune", "FastCnn", "--data", TestData.Mnist,
            "--grid", "learningRate=3e-3,1e-2,3e-2", "--grid", "batchSize=64,128",
            "--epochs", "2", "--train-images", "4000", "--validation", "500", "--threads", "1",
            "--study", study, "--storage", storage, "--lease", lease.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json",
        ];

    /// <summary>A quick search of two logistic-regression trials, for the tests of errors and reading.</summary>
    public static string[] QuickTune(string storage, string study, string learningRates = "1e-3,1e-2")
        =>
        [
            "tune", "LogisticRegression", "--data", TestData.Mnist, "--grid", "learningRate=" + learningRates,
            "--epochs", "1", "--train-images", "2000", "--validation", "500", "--threads", "1",
            "--study", study, "--storage", storage,
        ];

    /// <summary>Waits until a trial of the study matches <paramref name="running"/> while every worker still runs, and returns it.</summary>
    public static StudyTrial WaitFor(StudyStorage storage, string study, Func<StudyTrial, bool> running, params WorkerProcess[] workers)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (workers.FirstOrDefault(w => w.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"Worker {exited.Id} ended before the moment the test waits for:\n{exited.Output}");
            }

            try
            {
                if (Study.Open(storage, study).Trials.FirstOrDefault(t => t.State == StudyTrialState.Running && running(t)) is { } trial)
                {
                    return trial;
                }
            }
            catch (StudyStorageException)
            {
                // The first worker has not created the study yet.
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"No trial of study '{study}' reached the awaited state in 3 minutes:\n{string.Join("\n", workers.Select(w => w.Output))}");
    }

    /// <summary>Whether a heartbeat has reported the trial training its first of two epochs: well inside the trial.</summary>
    public static bool InFirstEpoch(StudyTrial trial) => trial.Progress?.StartsWith("epoch 1/", StringComparison.Ordinal) == true;

    /// <summary>The leaderboard as what must not depend on who trained what: trial, values, epochs and both scores, exactly.</summary>
    public static IReadOnlyList<string> Leaderboard(Study study)
        => [.. study.Leaderboard.Select(t => $"{t.Number} {string.Join(",", t.Values)} {t.Epochs} {t.ValidationAccuracy:R} {t.ValidationLoss:R}")];

    /// <summary>The pid in a worker's name, <c>machine:pid</c>.</summary>
    public static int ProcessOf(string worker) => int.Parse(worker[(worker.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Asserts that every planned trial is complete, recorded by exactly one attempt.</summary>
    public static void AssertEveryTrialDoneOnce(Study study)
    {
        Assert.True(study.IsFinished, study.ToText());
        Assert.Equal(study.PlannedTrials, study.Complete);
        Assert.All(study.Trials, trial => Assert.Single(study.Attempts, a => a.Trial == trial.Number && a.Outcome == StudyAttemptOutcome.Complete));
        Assert.DoesNotContain(study.Attempts, a => a.Outcome is StudyAttemptOutcome.Running or StudyAttemptOutcome.Failed);
    }
}
