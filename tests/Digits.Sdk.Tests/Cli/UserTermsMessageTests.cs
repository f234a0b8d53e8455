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

    [Fact]
    public void Predicting_with_a_checkpoint_says_to_export_it_first()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("predict", run.Checkpoint, "seven.png"));

        Assert.Contains($"'{run.Checkpoint}' is a checkpoint of digits train, not an ONNX model: export it first with digits export {run.Checkpoint} --onnx {Path.ChangeExtension(run.Checkpoint, ".onnx")}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("protobuf", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Predicting_with_the_pretrained_model_and_no_picture_asks_for_pictures()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("predict", "--pretrained"));

        Assert.Contains("Name the pictures to read, e.g. digits predict --pretrained seven.png", line, StringComparison.Ordinal);
        Assert.DoesNotContain("model", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporting_to_a_read_only_file_system_says_so_and_names_the_file_asked_for()
    {
        var folder = run.Folder("read-only");
        var onnx = Path.Combine(folder, "lr.onnx");

        var line = CliErrors.AssertOneLine(DigitsTool.RunWithReadOnly(folder, "export", run.Checkpoint, "--onnx", onnx));

        Assert.Equal($"digits: error: Cannot write '{onnx}': the folder '{folder}' is on a read-only file system; write to another folder.", line);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void A_run_that_fails_before_training_leaves_no_folder_behind()
    {
        var trainOnly = run.Folder("train-only");
        foreach (var file in new[] { DatasetFolders.TrainImages, DatasetFolders.TrainLabels })
        {
            File.Copy(Path.Combine(run.Data, file), Path.Combine(trainOnly, file));
        }

        var notACheckpoint = Path.Combine(run.Folder("text"), "notes.ckpt");
        File.WriteAllText(notACheckpoint, "not a checkpoint");
        string[][] failedStarts =
        [
            ["train", "LogisticRegression", "--data", trainOnly],
            ["train", "LogisticRegression", "--data", run.Data, "--resume", notACheckpoint],
            ["train", "FastCnn", "--data", run.Data, "--resume", run.Checkpoint],
        ];

        var outputs = run.Folder("outputs");
        for (var i = 0; i < failedStarts.Length; i++)
        {
            var output = Path.Combine(outputs, $"start{i}", "run.ckpt");

            // The data set is the user's own, so a note on stderr may come before the error.
            var failed = DigitsTool.Run([.. failedStarts[i], "--out", output]);

            Assert.True(failed.ExitCode == 1 && failed.StandardError.Contains("digits: error: ", StringComparison.Ordinal), failed.Output);
            Assert.False(Directory.Exists(Path.Combine(outputs, $"start{i}")), $"'{string.Join(' ', failedStarts[i])}' failed but left its folder behind:\n{failed.Output}");
        }

        Assert.Empty(Directory.GetFileSystemEntries(outputs));
    }

    [Theory]
    [InlineData("--epochs", "1000000000", "--epochs is at most 10,000, not 1,000,000,000: the shipped recipes train 1 to 40")]
    [InlineData("--batch-size", "1000000", "--batch-size is at most 100,000, not 1,000,000")]
    [InlineData("--threads", "5000", "--threads is at most 1,024, not 5,000: more threads than cores only slow training")]
    [InlineData("--epochs", "0", "--epochs must be at least 1, not 0.")]
    public void Counts_out_of_range_are_refused_naming_the_option_and_why(string option, string value, string expected)
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("train", "LogisticRegression", "--data", run.Data, option, value));

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Tune_names_only_the_option_out_of_range()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("tune", "LogisticRegression", "--data", run.Data, "--grid", "learningRate=1e-3", "--threads", "0"));

        Assert.Equal("digits: error: --threads must be at least 1, not 0.", line);
    }
}
