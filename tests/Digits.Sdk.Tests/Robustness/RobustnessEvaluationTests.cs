using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.TestSupport;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Robustness;

/// <summary><see cref="RobustnessEvaluation"/> on a briefly trained network and its exported model.</summary>
public sealed class RobustnessEvaluationTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    private static readonly RobustnessOptions ThreeFamilies = new() { Families = [Corruption.ImpulseNoise, Corruption.Fog, Corruption.Stripe], Limit = 200, Seed = 3 };

    [Fact]
    public async Task An_exported_network_withstands_the_corruptions_as_the_network_does()
    {
        using var test = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var classifier = DigitClassifier.Load(model.Path);

        var network = model.Network.EvaluateRobustness(test, ThreeFamilies with { ModelName = "Cnn" });
        var onnx = classifier.EvaluateRobustness(test, ThreeFamilies with { ModelName = "Cnn" });

        Assert.Equal(200, onnx.SampleCount);
        Assert.Equal(CorruptedInput.Samples, onnx.Input);
        Assert.Equal(network.ToJson(), onnx.ToJson());
    }

    [Fact]
    public async Task The_figures_are_those_of_evaluating_each_corrupted_set()
    {
        using var all = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var test = all.Take(200);
        using var fog = Corruptions.Corrupt(test, Corruption.Fog, seed: 3);

        var report = model.Network.EvaluateRobustness(all, ThreeFamilies);

        Assert.Equal(model.Network.Evaluate(test).Accuracy, report.Clean.Accuracy, 12);
        Assert.Equal(model.Network.Evaluate(fog).Accuracy, report.Families[1].Accuracy, 12);
        Assert.Equal(model.Network.EvaluateRobustness(all, ThreeFamilies).ToJson(), report.ToJson());
    }

    [Fact]
    public async Task The_picture_path_counts_pictures_with_no_digit_found_as_wrong_and_apart()
    {
        using var all = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var test = WithBlankImages(all, count: 30, blanks: 5);
        using var classifier = DigitClassifier.Load(model.Path);

        var report = classifier.EvaluatePictureRobustness(test, new RobustnessOptions { Families = [Corruption.Translate] });

        Assert.Equal(CorruptedInput.Pictures, report.Input);
        Assert.Equal(5, report.Clean.Blank);
        Assert.InRange(report.Clean.Correct, 20, 25);
        var translate = Assert.Single(report.Families);
        Assert.Equal(5, translate.Blank);
        Assert.True(translate.Correct <= 25);
    }

    [Fact]
    public async Task Unseen_families_must_be_among_those_measured()
    {
        using var test = await Datasets.LoadTestFolderAsync(TestData.Mnist);

        var error = Assert.Throws<ArgumentException>(() => model.Network.EvaluateRobustness(test, ThreeFamilies with { Unseen = [Corruption.Zigzag] }));

        Assert.Contains("zigzag is said to be unseen", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The first <paramref name="count"/> test images, the first <paramref name="blanks"/> of them made empty (all background).</summary>
    private static DigitDataset WithBlankImages(DigitDataset test, int count, int blanks)
    {
        using var scope = NewDisposeScope();
        var images = test.Images[..count].clone();
        var background = (float)((0 - test.Normalization.Mean) / test.Normalization.Std);
        images[..blanks].fill_(background);
        return new DigitDataset(images.MoveToOuterDisposeScope(), test.Labels[..count].clone().MoveToOuterDisposeScope(), test.Identity, "with-blanks");
    }
}
