using System.Diagnostics;
using System.Globalization;
using System.Text;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;
using Xunit.Abstractions;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// Crash safety of checkpoints, as a user's <c>kill -9</c> or a power cut tests it: <c>digits train</c>, writing a
/// checkpoint or two every epoch, is killed with SIGKILL at seeded random moments, and each time every checkpoint under
/// its final name must load. A kill between creating a temporary file and renaming it leaves that file behind (nothing
/// in the dying process can delete it); the contract is that the next run into the same folder deletes it, so after a
/// last run to completion no temporary file is left.
/// </summary>
public sealed class TrainKillTests(ITestOutputHelper output)
{
    private const int Kills = 8;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Checkpoints_survive_SIGKILL_at_random_moments_and_the_next_run_leaves_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        // 1,000 pictures trained on (5,000 are held out for validation) in one batch: an epoch is a few tenths of a second,
        // so the MLP's 6 MB last.ckpt (weights and AdamW's moments) and best.ckpt are written several times a second.
        var data = DatasetFolders.MnistSubset(folder, trainImages: 6_000, testImages: 100);
        var run = Directory.CreateDirectory(Path.Combine(folder.Path, "run")).FullName;
        var outFile = Path.Combine(run, "mlp.ckpt");
        var last = Path.Combine(run, "mlp.checkpoints", "last.ckpt");
        var random = new Random(16);
        var stopwatch = Stopwatch.StartNew();
        var temporariesSeen = 0;

        for (var kill = 0; kill < Kills; kill++)
        {
            // Every other kill at a random moment of training; the others as soon as a checkpoint's temporary file
            // appears, the moment a crash is most likely to tear a file or leave one behind.
            string[] resume = File.Exists(last) ? ["--resume", last] : [];
            var delay = kill % 2 == 0 ? TimeSpan.FromMilliseconds(random.Next(0, 3_000)) : (TimeSpan?)null;
            await KillDuringTraining(["train", "Mlp", "--data", data, "--epochs", "10000", "--batch-size", "1000", "--out", outFile, .. resume], run, delay);

            var temporaries = Temporaries(run);
            temporariesSeen += temporaries.Length;
            var loaded = AssertEveryCheckpointLoads(run);
            var moment = delay is { } d ? $"{d.TotalMilliseconds:0} ms into training" : "while a checkpoint was written";
            output.WriteLine($"kill {kill + 1} {moment}: {loaded} checkpoints load; temporary files left: {temporaries.Length} {string.Join(", ", temporaries.Select(Path.GetFileName))}");
        }

        // Not a property of the code but of the test: it must have killed a write half-way, or the sweep went unexercised.
        Assert.True(temporariesSeen > 0, "No kill landed while a checkpoint was being written.");

        // The next run, resumed from what the kills left, goes to its end.
        var epochs = Checkpoint.Read(last).Epoch + 2;
        var final = DigitsTool.Run("train", "Mlp", "--data", data, "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--batch-size", "1000", "--out", outFile, "--resume", last, "--json");

        Assert.True(final.ExitCode == 0, final.Output);
        Assert.Equal(epochs, Checkpoint.Read(outFile).Epoch);
        AssertEveryCheckpointLoads(run);
        Assert.Empty(Temporaries(run));
        output.WriteLine($"{Kills} kills, {temporariesSeen} temporary files seen after them, none after the last run; {stopwatch.Elapsed.TotalSeconds:0} s in all.");
    }

    /// <summary>
    /// Starts the tool, waits until it reports training, then for <paramref name="delay"/> or, without one, until a
    /// temporary file appears in <paramref name="folder"/>, then sends SIGKILL.
    /// </summary>
    private static async Task KillDuringTraining(string[] arguments, string folder, TimeSpan? delay)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(DigitsTool.Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var training = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
            {
                errors.AppendLine(line.Data);
            }

            // Progress lines ("epoch 3/10000 ...") go to stderr when stdout is not a terminal.
            if (line.Data?.StartsWith("epoch ", StringComparison.Ordinal) == true)
            {
                training.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var started = await Task.WhenAny(training.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(started == training.Task, $"digits train ended (exit {(process.HasExited ? process.ExitCode : -1)}) before training: {errors}");
        if (delay is { } wait)
        {
            await Task.Delay(wait);
        }
        else
        {
            // Polled on a thread of its own, not with timer-based delays: a checkpoint is written in milliseconds.
            var deadline = Stopwatch.StartNew();
            while (Temporaries(folder).Length == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                Thread.SpinWait(1_000);
            }
        }

        // Process.Kill is SIGKILL on Linux: no handler runs, no finally block, nothing is flushed or deleted.
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads every checkpoint under its final name and loads it into the network; returns how many there are.</summary>
    private static int AssertEveryCheckpointLoads(string folder)
    {
        var checkpoints = Directory.GetFiles(folder, "*" + Checkpoint.Extension, SearchOption.AllDirectories);
        foreach (var path in checkpoints)
        {
            var checkpoint = Checkpoint.Read(path);
            using var network = new Mlp();
            checkpoint.LoadInto(network);
            Assert.Null(checkpoint.Note);
        }

        return checkpoints.Length;
    }

    private static string[] Temporaries(string folder) => Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories);
}
