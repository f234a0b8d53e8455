using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

public sealed class TrainEvaluateCommandTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Train_then_evaluate_print_one_JSON_object_each_that_agree()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = folder.File("lr.ckpt");

        var train = DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--epochs", "1", "--out", checkpoint, "--json");
        Assert.True(train.ExitCode == 0, train.StandardError);
        var evaluate = DigitsTool.Run("evaluate", checkpoint, "--data", TestData.Mnist, "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.StandardError);

        using var trained = JsonDocument.Parse(train.StandardOutput);
        using var evaluated = JsonDocument.Parse(evaluate.StandardOutput);
        var accuracy = trained.RootElement.GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, 0.88, 1.0);
        Assert.Equal(accuracy, evaluated.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(10, evaluated.RootElement.GetProperty("perClass").GetArrayLength());
        Assert.Equal(10, evaluated.RootElement.GetProperty("confusionMatrix").GetArrayLength());
        Assert.True(evaluated.RootElement.TryGetProperty("macroF1", out _));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Several_checkpoints_are_evaluated_as_the_ensemble_of_their_mean_softmax()
    {
        using var folder = new TemporaryFolder();
        string[] checkpoints = [folder.File("lr42.ckpt"), folder.File("lr43.ckpt")];
        for (var i = 0; i < checkpoints.Length; i++)
        {
            var train = DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--epochs", "1", "--seed", (42 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", checkpoints[i], "--json");
            Assert.True(train.ExitCode == 0, train.StandardError);
        }

        var json = DigitsTool.Run(["evaluate", .. checkpoints, "--data", TestData.Mnist, "--json"]);
        var text = DigitsTool.Run(["evaluate", .. checkpoints, "--data", TestData.Mnist]);

        Assert.True(json.ExitCode == 0, json.StandardError);
        using var mnist = await Datasets.Mnist.LoadAsync(TestData.Root);
        using var ensemble = new Ensemble(checkpoints.Select(Checkpoint.Load<LogisticRegression>));
        using var evaluated = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(ensemble.Evaluate(mnist.Test).Accuracy, evaluated.RootElement.GetProperty("accuracy").GetDouble(), 12);
        Assert.True(text.ExitCode == 0, text.StandardError);
        Assert.Contains("lr42.ckpt", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("lr43.ckpt", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Ensemble of 2", text.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluating_a_missing_member_names_it_before_any_work()
    {
        using var folder = new TemporaryFolder();

        var result = DigitsTool.Run("evaluate", folder.File("a.ckpt"), folder.File("b.ckpt"), "--data", TestData.Mnist);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("a.ckpt", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_with_zero_threads_is_refused_before_any_work()
    {
        var result = DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--threads", "0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--threads", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_an_unknown_network_lists_the_shipped_ones()
    {
        var result = DigitsTool.Run("train", "NoSuchNet", "--data", TestData.Mnist);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("LogisticRegression", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }
}
