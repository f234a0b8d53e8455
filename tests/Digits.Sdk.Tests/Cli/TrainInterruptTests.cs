using System.Diagnostics;
using System.Globalization;
using System.Text;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Cli;

public sealed class TrainInterruptTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Ctrl_C_during_training_saves_a_checkpoint_and_the_run_resumes_from_it()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("cnn.ckpt");
        var checkpoint = Path.Combine(folder.Path, "cnn.checkpoints", "last.ckpt");

        // As a terminal would: SIGINT to the tool while it trains. env resets SIGINT to its default in case the
        // test host was started with it ignored (as a shell's background jobs are).
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--default-signal=SIGINT", "dotnet", DigitsTool.Assembly, "train", "FastCnn", "--data", TestData.Mnist, "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        using var training = Process.Start(start)!;
        var training_started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        training.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("epoch 1/1", StringComparison.Ordinal) == true)
            {
                training_started.TrySetResult(); // progress lines mean batches are being trained
            }
        };
        training.ErrorDataReceived += (_, line) => { lock (errors) { errors.AppendLine(line.Data); } };
        training.BeginOutputReadLine();
        training.BeginErrorReadLine();
        await training_started.Task.WaitAsync(TimeSpan.FromMinutes(3));

        ProcessRunner.Run("kill", ["-INT", training.Id.ToString(CultureInfo.InvariantCulture)], folder.Path, TimeSpan.FromSeconds(10));
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await training.WaitForExitAsync(limit.Token);
        }

        var message = errors.ToString();
        Assert.True(training.ExitCode == 130, $"exit code {training.ExitCode}; stderr: {message}");
        Assert.Contains("checkpoint saved to " + checkpoint, message, StringComparison.Ordinal);
        Assert.Contains("--resume", message, StringComparison.Ordinal);
        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(output));

        var resumed = DigitsTool.Run("train", "FastCnn", "--data", TestData.Mnist, "--out", output, "--resume", checkpoint, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.StandardError);
        Assert.True(File.Exists(output));
        Assert.Contains("\"accuracy\"", resumed.StandardOutput, StringComparison.Ordinal);
    }
}
