using System.Globalization;
using System.Text.Json;
using Digits.Sdk.Training;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Cli;

public sealed class ZooCommandTests
{
    [Fact]
    public void Summary_prints_the_layers_and_the_recipe_of_a_zoo_network()
    {
        var (exit, output, error) = DigitsTool.Run("summary", "lenet5");

        Assert.True(exit == 0, error);
        Assert.Contains("LeNet5", output);
        Assert.Contains("conv2", output);
        Assert.Contains("61,706", output);
        Assert.Contains("Recipe: AdamW", output);
    }

    [Fact]
    public void Tune_help_lists_every_recipe_hyperparameter_and_the_default_seed()
    {
        var (exit, output, error) = DigitsTool.Run("tune", "--help");

        Assert.True(exit == 0, error);
        var words = output.Split([' ', '\n', '\r', ',', '.', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.All(TrainingRecipe.HyperparameterNames, name => Assert.Contains(name, words));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"default {TrainingDefaults.Seed}"), output);
    }

    [Theory]
    [InlineData("summary", "ResNet50")]
    [InlineData("tune", "ResNet50", "--data", "DATA")]
    [InlineData("compare", "FastCnn", "ResNet50", "--data", "DATA")]
    public void An_unknown_network_is_a_one_line_error_listing_the_zoo(params string[] arguments)
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run([.. arguments.Select(a => a == "DATA" ? TestData.Mnist : a)]));

        Assert.Contains("ResNet50", line);
        Assert.Contains("FastCnn", line);
    }

    [Fact]
    public void Tune_with_a_missing_data_folder_says_which_folder()
    {
        using var folder = new TemporaryFolder();
        var missing = Path.Combine(folder.Path, "nowhere");

        var (exit, _, error) = DigitsTool.Run("tune", "LogisticRegression", "--data", missing, "--grid", "learningRate=1e-3");

        Assert.Equal(1, exit);
        Assert.Contains(missing, error);
    }

    [Fact]
    public void Tune_with_a_folder_without_MNIST_names_the_missing_files()
    {
        using var folder = new TemporaryFolder();

        var (exit, output, error) = DigitsTool.Run("compare", "LogisticRegression", "--data", folder.Path);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output.Trim());
        Assert.Contains("train-images-idx3-ubyte", error);
    }

    [Fact]
    public void Holding_out_more_images_than_the_data_set_has_is_refused_in_its_terms()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("compare", "LogisticRegression", "--data", TestData.Mnist, "--validation", "60000"));

        Assert.Contains("--validation", line, StringComparison.Ordinal);
        Assert.Contains("60,000", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_value_that_does_not_parse_is_refused_before_training()
    {
        var (exit, _, error) = DigitsTool.Run("tune", "LogisticRegression", "--data", TestData.Mnist, "--grid", "learningRate=fast");

        Assert.Equal(1, exit);
        Assert.Contains("learningRate", error);
        Assert.Contains("fast", error);
    }

    [Fact]
    public void Tune_prints_only_json_on_stdout_with_every_trial_and_the_best()
    {
        var (exit, output, error) = DigitsTool.Run(
            "tune", "LogisticRegression", "--data", TestData.Mnist, "--grid", "learningRate=1e-3,1e-2",
            "--epochs", "1", "--train-images", "2000", "--validation", "500", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var trials = json.RootElement.GetProperty("trials");
        Assert.Equal(2, trials.GetArrayLength());
        var best = json.RootElement.GetProperty("best");
        Assert.Equal(trials.EnumerateArray().Max(t => t.GetProperty("validationAccuracy").GetDouble()), best.GetProperty("validationAccuracy").GetDouble());
        Assert.Contains("trial 2/2", error);
    }

    [Fact]
    public void Compare_prints_a_leaderboard_and_the_winner()
    {
        var (exit, output, error) = DigitsTool.Run(
            "compare", "LogisticRegression", "LinearSvm", "--data", TestData.Mnist, "--epochs", "1", "--train-images", "2000", "--validation", "500");

        Assert.True(exit == 0, error);
        Assert.Contains("Leaderboard", output);
        Assert.Contains("LinearSvm", output);
        Assert.Contains("Chosen by validation accuracy", output);
    }

    [Fact]
    public void Compare_with_json_prints_only_the_leaderboard()
    {
        var (exit, output, error) = DigitsTool.Run(
            "compare", "LogisticRegression", "--data", TestData.Root, "--epochs", "1", "--train-images", "1000", "--validation", "500", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("LogisticRegression", json.RootElement.GetProperty("winner").GetString());
        var entry = json.RootElement.GetProperty("entries")[0];
        Assert.InRange(entry.GetProperty("testAccuracy").GetDouble(), 0.5, 1);
        Assert.Equal(7_850, entry.GetProperty("parameters").GetInt64());
    }
}
