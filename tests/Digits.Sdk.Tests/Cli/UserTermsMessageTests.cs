using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// What the tool prints when stdout is not a terminal, and its messages for mistakes with files: in the user's
/// terms, never .NET's or SkiaSharp's internals, and never the temporary file's name.
/// </summary>
public sealed class UserTermsMessageTests(SmallTrainedRun run) : IClassFixture<SmallTrainedRun>
{
    [Fact]
    public void Without_a_terminal_training_progress_goes_to_stderr_and_stdout_holds_only_the_result()
    {
        var stdout = run.Training.StandardOutput;
        var stderr = run.Training.StandardError;

        Assert.Contains("epoch 1/1", stderr, StringComparison.Ordinal);
        Assert.Contains("img/s", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/1", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("img/s", stdout, StringComparison.Ordinal);
        Assert.Contains("Checkpoint: " + run.Checkpoint, stdout, StringComparison.Ordinal);
        Assert.Contains("accuracy", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void One_epoch_is_one_epoch()
    {
        var evaluate = DigitsTool.Run("evaluate", run.Checkpoint, "--data", run.Data);

        Assert.True(evaluate.ExitCode == 0, evaluate.Output);
        Assert.Contains("LogisticRegression after 1 epoch, on ", evaluate.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_creates_the_missing_folders_of_its_output_as_train_does()
    {
        var onnx = Path.Combine(run.Folder("export"), "not", "yet", "lr.onnx");

        var export = DigitsTool.Run("export", run.Checkpoint, "--onnx", onnx);

        Assert.True(export.ExitCode == 0, export.Output);
        Assert.True(File.Exists(onnx));
    }

    [Fact]
    public void A_folder_given_where_a_file_is_expected_is_called_a_folder()
    {
        var folder = run.Folder("a-folder.ckpt");
        string[][] commands =
        [
            ["evaluate", folder, "--data", run.Data],
            ["export", folder, "--onnx", Path.Combine(run.Folder("out"), "x.onnx")],
            ["train", "LogisticRegression", "--data", run.Data, "--resume", folder],
            ["train", "LogisticRegression", "--data", run.Data, "--out", folder],
            ["export", run.Checkpoint, "--onnx", folder],
            ["predict", folder, run.Checkpoint],
            ["predict", run.Model, folder],
        ];

        foreach (var command in commands)
        {
            var line = CliErrors.AssertOneLine(DigitsTool.Run(command));

            Assert.Contains($"'{folder}' is a folder", line, StringComparison.Ordinal);
            Assert.DoesNotContain("does not exist", line, StringComparison.Ordinal);
            Assert.DoesNotContain("denied", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_picture_is_named_once_and_called_not_a_picture_format_we_read()
    {
        var text = Path.Combine(run.Folder("pictures"), "text.png");
        File.WriteAllText(text, "these are notes, not a picture");

        var line = CliErrors.AssertOneLine(DigitsTool.Run("predict", run.Model, text));

        Assert.Equal($"digits: error: '{text}' is not a picture format Digits.Sdk reads (PNG, JPEG, BMP, GIF, WebP).", line);
    }

    [Fact]
    public void A_folder_that_takes_no_files_is_named_in_the_error_and_the_temporary_file_is_not()
    {
        // /proc takes no new files, even for root: the write fails on the temporary file next to the destination.
        var line = CliErrors.AssertOneLine(DigitsTool.Run("export", run.Checkpoint, "--onnx", "/proc/digits-test.onnx"));

        Assert.Contains("'/proc/digits-test.onnx'", line, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_the_SDK_refuses_is_its_sentence_without_the_parameter_name()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("tune", "LogisticRegression", "--data", run.Data, "--grid", "foo=1,2"));

        Assert.Contains("'foo' is not a hyperparameter", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
    }
}
