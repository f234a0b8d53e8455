using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary><see cref="ClassifierEvaluation"/>: an ONNX model's report is its network's report.</summary>
public sealed class ClassifierEvaluationTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    [Fact]
    public async Task An_exported_network_is_evaluated_as_the_network_itself_is()
    {
        using var all = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var test = all.Take(1_000);
        using var classifier = DigitClassifier.Load(model.Path);

        var network = model.Network.Evaluate(test);
        var onnx = classifier.Evaluate(test, batchSize: 100);

        Assert.Equal(network.ConfusionMatrix, onnx.ConfusionMatrix);
        Assert.Equal(network.Accuracy, onnx.Accuracy);
        Assert.Equal(network.MacroF1, onnx.MacroF1);
        Assert.Equal(network.LogLoss!.Value, onnx.LogLoss!.Value, 1e-5);
        Assert.Equal(test.ClassNames, onnx.ClassNames);
    }

    [Fact]
    public async Task The_batch_size_does_not_change_the_report()
    {
        using var all = await Datasets.LoadTestFolderAsync(TestData.Mnist);
        using var test = all.Take(300);
        using var classifier = DigitClassifier.Load(model.Path);

        var one = classifier.Evaluate(test, batchSize: 300);
        var many = classifier.Evaluate(test, batchSize: 7);

        Assert.Equal(one.ConfusionMatrix, many.ConfusionMatrix);
        Assert.Equal(one.LogLoss!.Value, many.LogLoss!.Value, 1e-9);
    }

    [Fact]
    public async Task A_model_of_other_classes_is_refused_with_both_counts()
    {
        using var parent = new Infrastructure.TemporaryFolder();
        using var threeBands = await Datasets.LoadTestFolderAsync(DatasetFolders.ThreeBands(parent));
        using var classifier = DigitClassifier.Load(model.Path);

        var error = Assert.Throws<ArgumentException>(() => classifier.Evaluate(threeBands));

        Assert.Contains("tells 10 classes apart", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 3", error.Message, StringComparison.Ordinal);
    }
}
