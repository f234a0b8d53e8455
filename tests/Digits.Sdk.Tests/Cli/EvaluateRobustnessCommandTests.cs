using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.Evaluation;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

/// <summary><c>digits evaluate ... --corruptions</c>: the SDK's robustness figures, as a table, JSON and a chart.</summary>
public sealed class EvaluateRobustnessCommandTests(SmallTrainedRun run) : IClassFixture<SmallTrainedRun>
{
    private static readonly RobustnessOptions Options = new() { Families = [Corruption.ImpulseNoise, Corruption.Fog, Corruption.Zigzag], Limit = 100, Seed = 5, Unseen = [Corruption.Fog] };

    private static readonly string[] Arguments = ["--corruptions", "impulse_noise,fog,zigzag", "--limit", "100", "--seed", "5", "--unseen", "fog", "--json"];

    [Fact]
    public async Task A_checkpoint_gets_the_figures_of_the_SDK_call()
    {
        var result = DigitsTool.Run(["evaluate", run.Checkpoint, "--data", run.Data, .. Arguments]);

        Assert.True(result.ExitCode == 0, result.Output);
        var checkpoint = Checkpoint.Read(run.Checkpoint);
        using var network = Checkpoint.Load<LogisticRegression>(run.Checkpoint);
        using var test = await Datasets.LoadTestFolderAsync(run.Data, new DatasetFolderOptions { Normalization = checkpoint.Dataset.Normalization });
        Assert.Equal(network.EvaluateRobustness(test, Options).ToJson(), result.StandardOutput.Trim());
    }

    [Fact]
    public void The_exported_model_gets_the_figures_of_its_checkpoint()
    {
        var checkpoint = DigitsTool.Run(["evaluate", run.Checkpoint, "--data", run.Data, .. Arguments]);
        var onnx = DigitsTool.Run(["evaluate", run.Model, "--data", run.Data, .. Arguments]);

        Assert.True(onnx.ExitCode == 0, onnx.Output);
        Assert.Equal(checkpoint.StandardOutput, onnx.StandardOutput);
    }

    [Fact]
    public async Task The_picture_path_gets_the_figures_of_the_SDK_call()
    {
        var result = DigitsTool.Run("evaluate", run.Model, "--data", run.Data, "--corruptions", "stripe,translate", "--pictures", "--limit", "40", "--json");

        Assert.True(result.ExitCode == 0, result.Output);
        using var classifier = DigitClassifier.Load(run.Model);
        using var test = await Datasets.LoadTestFolderAsync(run.Data);
        var expected = classifier.EvaluatePictureRobustness(test, new RobustnessOptions { Families = [Corruption.Stripe, Corruption.Translate], Limit = 40 });
        Assert.Equal(expected.ToJson(), result.StandardOutput.Trim());
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("pictures", json.RootElement.GetProperty("input").GetString());
    }

    [Fact]
    public void The_table_lists_every_family_and_the_chart_is_written()
    {
        var chart = Path.Combine(run.Folder("chart"), "robustness.png");

        var result = DigitsTool.Run("evaluate", run.Model, "--data", run.Data, "--corruptions", "all", "--limit", "50", "--chart", chart);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("LogisticRegression under MNIST-C corruptions, 50 test images as model input, seed 0", result.StandardOutput, StringComparison.Ordinal);
        Assert.All(Corruptions.All, family => Assert.Contains(Corruptions.Name(family), result.StandardOutput, StringComparison.Ordinal));
        Assert.Contains("Mean corruption error relative to clean", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Chart: " + chart, result.StandardOutput, StringComparison.Ordinal);
        PngAssert.IsPicture(chart, 1000, 560);
        Assert.Equal([chart], Directory.GetFiles(Path.GetDirectoryName(chart)!));
    }

    [Fact]
    public void Each_mistake_in_a_robustness_run_is_one_line_that_says_what_to_do()
    {
        (string[] Command, string Says)[] mistakes =
        [
            (["evaluate", run.Checkpoint, "--data", run.Data, "--corruptions", "all", "--pictures"], "--pictures reads pictures with an ONNX model"),
            (["evaluate", run.Checkpoint, run.Checkpoint, "--data", run.Data, "--corruptions", "fog"], "--corruptions measures one model at a time"),
            (["evaluate", run.Model, "--data", run.Data, "--limit", "10"], "--limit goes with --corruptions"),
            (["evaluate", run.Model, "--data", run.Data, "--corruptions", "fogg"], "'fogg' is not an MNIST-C corruption; use 'all' or a comma-separated list of shot_noise"),
            (["evaluate", run.Model, "--data", run.Data, "--corruptions", "fog", "--unseen", "stripe"], "--unseen names stripe, which --corruptions does not measure"),
            (["evaluate", run.Model, "--data", run.Data, "--corruptions", "fog", "--limit", "0"], "--limit 0 must be 1 or more test images"),
            (["evaluate", run.Model, "--data", run.Data, "--corruptions", "fog", "--chart", run.Folder("a-folder")], "is a folder; give the file to write"),
        ];

        foreach (var (command, says) in mistakes)
        {
            var line = CliErrors.AssertOneLine(DigitsTool.Run(command));

            Assert.Contains(says, line, StringComparison.Ordinal);
        }
    }
}
