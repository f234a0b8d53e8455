using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// A signal during <c>digits train</c> saves a checkpoint and prints the command that continues the run, as a real
/// process started from the built tool sees it.
/// </summary>
public sealed partial class TrainInterruptTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_command_printed_after_Ctrl_C_trains_the_remaining_epochs_into_the_file_asked_for()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "runs", "lr2.ckpt");

        // Small batches make each epoch last seconds, so the signal surely comes before the end of the run.
        // As a terminal would: SIGINT while it trains. env resets SIGINT to its default in case the test host was
        // started with it ignored (as a shell's background jobs are).
        var stopped = await StopDuringTraining(folder.Path, "SIGINT", ["env", "--default-signal=SIGINT", "dotnet", DigitsTool.Assembly, "train", "LogisticRegression", "--data", TestData.Mnist, "--epochs", "2", "--batch-size", "64", "--seed", "7", "--out", output]);

        Assert.True(stopped.ExitCode == 130, $"exit code {stopped.ExitCode}: {stopped.Output}");
        Assert.False(File.Exists(output));
        var resume = ResumeCommand(stopped.Output);
        Assert.StartsWith("digits train LogisticRegression ", resume, StringComparison.Ordinal);

        // Run exactly what was printed, through a shell, as the user would paste it.
        var resumed = ProcessRunner.Run("bash", ["-c", $"dotnet {DigitsTool.Assembly} {resume["digits ".Length..]} --json"], folder.Path, TimeSpan.FromMinutes(5));

        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("\"accuracy\"", resumed.StandardOutput, StringComparison.Ordinal);
        var trained = Checkpoint.Read(output);
        Assert.Equal(2, trained.Epoch);
        Assert.Equal(7, trained.Seed);
        Assert.Equal(2, trained.History.Count);
        Assert.False(File.Exists(Path.Combine(folder.Path, "LogisticRegression.ckpt")));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task SIGTERM_saves_a_checkpoint_gives_the_cursor_back_and_exits_143_with_the_command_to_continue()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "lr.ckpt");
        var checkpoint = Path.Combine(folder.Path, "lr.checkpoints", "last.ckpt");

        // In a terminal (script gives the tool a pseudo-terminal), so progress bars hide the cursor. The shell
        // prints its process id, then becomes the tool, so the signal goes to the tool itself.
        var tool = $"dotnet {DigitsTool.Assembly} train LogisticRegression --data {TestData.Mnist} --epochs 2 --batch-size 16 --out {output}";
        var stopped = await StopDuringTraining(folder.Path, "SIGTERM", ["script", "--quiet", "--flush", "--return", "--command", $"echo pid=$$; exec {tool}", "/dev/null"]);

        Assert.True(stopped.ExitCode == 143, $"exit code {stopped.ExitCode}: {stopped.Output}");
        Assert.Equal(0, Checkpoint.Read(checkpoint).Epoch);
        Assert.Equal(
            $"digits train LogisticRegression --data {TestData.Mnist} --epochs 2 --seed 42 --batch-size 16 --out {output} --resume {checkpoint}",
            ResumeCommand(stopped.Output));
        const string Hide = "\u001b[?25l", Show = "\u001b[?25h";
        Assert.Contains(Hide, stopped.Output, StringComparison.Ordinal);
        Assert.True(stopped.Output.LastIndexOf(Show, StringComparison.Ordinal) > stopped.Output.LastIndexOf(Hide, StringComparison.Ordinal), "The cursor was left hidden.");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Timeout_stops_training_with_one_saved_checkpoint_and_no_temporary_file_ten_times_out_of_ten()
    {
        using var folder = new TemporaryFolder();

        // A data set so small that an epoch, and so a checkpoint write, ends every few tenths of a second: the signal
        // often comes while last.ckpt is being written, the moment a second "abort at once" used to kill the tool.
        var data = DatasetFolders.MnistSubset(folder, trainImages: 6_000, testImages: 100);
        for (var run = 0; run < 10; run++)
        {
            var output = Path.Combine(folder.Path, $"run{run}", "lr.ckpt");
            var checkpoints = Path.Combine(folder.Path, $"run{run}", "lr.checkpoints");

            // timeout signals the tool, then its own process group, which the tool is in: one request, two SIGTERMs.
            var seconds = (6 + (run * 0.25)).ToString("0.00", CultureInfo.InvariantCulture);
            var stopped = ProcessRunner.Run(
                "timeout",
                ["-s", "TERM", "--preserve-status", seconds, "dotnet", DigitsTool.Assembly, "train", "LogisticRegression", "--data", data, "--epochs", "1000", "--batch-size", "64", "--out", output],
                folder.Path,
                TimeSpan.FromMinutes(2),
                new Dictionary<string, string?> { ["NO_COLOR"] = "1" });

            Assert.True(stopped.ExitCode == 143, $"run {run}: exit code {stopped.ExitCode}: {stopped.Output}");
            Assert.True(stopped.StandardError.Contains("checkpoint saved to " + Path.Combine(checkpoints, "last.ckpt"), StringComparison.Ordinal), $"run {run} saved nothing on stop:\n{stopped.Output}");
            Assert.Equal(LogisticRegressionName, Checkpoint.Read(Path.Combine(checkpoints, "last.ckpt")).NetworkName); // reading checks every section's checksum
            Assert.Empty(Directory.GetFiles(checkpoints, "*.tmp"));
            Assert.Empty(Directory.GetFiles(checkpoints, ".*"));
        }
    }

    private const string LogisticRegressionName = "LogisticRegression";

    /// <summary>Starts the command, sends <paramref name="signal"/> to the tool once batches train, and waits for it to exit.</summary>
    private static async Task<ProcessRunner.Result> StopDuringTraining(string folder, string signal, string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = "xterm";
        start.Environment["COLUMNS"] = "120";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        var training = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Read as the text arrives, not by lines: a progress bar redraws one line and ends it only when it is done.
        async Task Read(StreamReader from, StringBuilder into)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                lock (into)
                {
                    into.Append(buffer, 0, read);
                    if (into.ToString().Contains("epoch 1/2", StringComparison.Ordinal))
                    {
                        training.TrySetResult(); // progress means batches are being trained
                    }
                }
            }
        }

        var reading = Task.WhenAll(Read(process.StandardOutput, output), Read(process.StandardError, error));
        await training.Task.WaitAsync(TimeSpan.FromMinutes(3));

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        var pid = ProcessId().Match(text) is { Success: true } match ? match.Groups[1].Value : process.Id.ToString(CultureInfo.InvariantCulture);
        ProcessRunner.Run("kill", [$"-{signal}", pid], folder, TimeSpan.FromSeconds(10));
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await process.WaitForExitAsync(limit.Token);
            await reading.WaitAsync(limit.Token);
        }

        return new ProcessRunner.Result(process.ExitCode, output.ToString(), error.ToString());
    }

    private static string ResumeCommand(string output)
    {
        var match = ContinueWith().Match(output);
        Assert.True(match.Success, $"No command to continue in:\n{output}");
        return match.Groups[1].Value.Trim();
    }

    [GeneratedRegex(@"Continue with: (digits [^\r\n]*)")]
    private static partial Regex ContinueWith();

    [GeneratedRegex(@"^pid=(\d+)", RegexOptions.Multiline)]
    private static partial Regex ProcessId();
}
