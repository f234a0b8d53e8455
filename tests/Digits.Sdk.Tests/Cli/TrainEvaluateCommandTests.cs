using System.Text.Json;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Tests.Infrastructure;

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
    public void Training_an_unknown_network_lists_the_shipped_ones()
    {
        var result = DigitsTool.Run("train", "NoSuchNet", "--data", TestData.Mnist);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("LogisticRegression", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }
}
