using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Cli;

/// <summary><c>digits evaluate model.onnx</c> and <c>--pretrained</c>: ONNX models get the report checkpoints get.</summary>
public sealed class EvaluateOnnxCommandTests(SmallTrainedRun run) : IClassFixture<SmallTrainedRun>
{
    [Fact]
    public void The_exported_model_gets_the_report_of_its_checkpoint()
    {
        var checkpoint = DigitsTool.Run("evaluate", run.Checkpoint, "--data", run.Data, "--json");
        var onnx = DigitsTool.Run("evaluate", run.Model, "--data", run.Data, "--json");

        Assert.True(checkpoint.ExitCode == 0, checkpoint.Output);
        Assert.True(onnx.ExitCode == 0, onnx.Output);
        var fromCheckpoint = EvaluationReport.FromJson(checkpoint.StandardOutput);
        var fromOnnx = EvaluationReport.FromJson(onnx.StandardOutput);
        Assert.Equal(500, fromOnnx.SampleCount);
        Assert.Equal(fromCheckpoint.ConfusionMatrix, fromOnnx.ConfusionMatrix);
        Assert.Equal(fromCheckpoint.Accuracy, fromOnnx.Accuracy);
        Assert.Equal(fromCheckpoint.MacroF1, fromOnnx.MacroF1);
        Assert.Equal(fromCheckpoint.LogLoss!.Value, fromOnnx.LogLoss!.Value, 1e-5);
    }

    [Fact]
    public void The_text_report_names_the_network_and_the_model_file()
    {
        var result = DigitsTool.Run("evaluate", run.Model, "--data", run.Data);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("LogisticRegression (ONNX model lr.onnx), on mnist-small/test:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("accuracy", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_is_evaluated_on_a_folder_of_only_the_test_files_as_on_the_whole_folder()
    {
        using var parent = new TemporaryFolder();
        var testOnly = TestFolderLoadingTests.OnlyTheTestFiles(parent, run.Data);

        var whole = DigitsTool.Run("evaluate", run.Checkpoint, "--data", run.Data, "--json");
        var alone = DigitsTool.Run("evaluate", run.Checkpoint, "--data", testOnly, "--json");

        Assert.True(alone.ExitCode == 0, alone.Output);
        Assert.Equal(whole.StandardOutput, alone.StandardOutput);
    }

    [Fact]
    public async Task The_pretrained_model_is_evaluated_on_test_files_alone_as_the_SDK_evaluates_it()
    {
        using var parent = new TemporaryFolder();
        var testOnly = TestFolderLoadingTests.OnlyTheTestFiles(parent, run.Data);

        var result = DigitsTool.Run("evaluate", "--pretrained", "--data", testOnly, "--json");

        Assert.True(result.ExitCode == 0, result.Output);
        using var test = await Datasets.LoadTestFolderAsync(testOnly);
        using var classifier = DigitClassifier.LoadPretrained();
        var expected = classifier.Evaluate(test);
        var printed = EvaluationReport.FromJson(result.StandardOutput);
        Assert.Equal(expected.ConfusionMatrix, printed.ConfusionMatrix);
        Assert.InRange(printed.Accuracy, 0.99, 1.0);
    }

    [Fact]
    public void Each_mistake_in_what_to_evaluate_is_one_line_that_says_what_to_do()
    {
        var notOnnx = Path.Combine(run.Folder("mistakes"), "notes.onnx");
        File.WriteAllText(notOnnx, "not a model");
        (string[] Command, string Says)[] mistakes =
        [
            (["evaluate", run.Model, run.Checkpoint, "--data", run.Data], $"'{run.Model}' is an ONNX model and '{run.Checkpoint}' a checkpoint"),
            (["evaluate", run.Model, run.Model, "--data", run.Data], "are both ONNX models: evaluate one at a time"),
            (["evaluate", "--pretrained", run.Model, "--data", run.Data], "--pretrained evaluates the built-in model; name no model file with it"),
            (["evaluate", "--data", run.Data], "Name a checkpoint or an ONNX model to evaluate, or give --pretrained"),
            (["evaluate", Path.Combine(run.Folder("gone"), "missing.onnx"), "--data", run.Data], "missing.onnx' does not exist"),
            (["evaluate", notOnnx, "--data", run.Data], "is not a readable ONNX model"),
            (["evaluate", "--pretrained", "--data", run.Folder("empty")], "lacks the test images, test labels"),
        ];

        foreach (var (command, says) in mistakes)
        {
            var line = CliErrors.AssertOneLine(DigitsTool.Run(command));

            Assert.Contains(says, line, StringComparison.Ordinal);
        }
    }
}
