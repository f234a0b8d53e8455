using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Onnx;

/// <summary>An ensemble exported as one graph predicts what the SDK's <c>Ensemble</c> predicts: the mean of its members' softmax.</summary>
public sealed class EnsembleExportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("digits-ensemble-").FullName;

    [Fact]
    public void One_graph_gives_the_mean_of_the_members_softmax_as_the_SDKs_ensemble_does()
    {
        // One trained member and two untrained ones: their softmax outputs differ a lot, so the mean is tested.
        var members = new List<nn.Module<Tensor, Tensor>> { TrainedNetworks.Get("Cnn") };
        foreach (var seed in new[] { 1, 2 })
        {
            manual_seed(seed);
            var untrained = TestNetworks.Create("Cnn");
            untrained.eval();
            NetworkDatasets.Record(untrained, Datasets.Mnist.Identity);
            members.Add(untrained);
        }

        var path = Path.Combine(directory, "ensemble.onnx");

        OnnxExporter.ExportEnsemble(members, path);

        var (images, _) = MnistSamples.TestSet;
        var subset = images.Take(500).ToArray();
        var softmaxes = members.Select(member => TrainedNetworks.Forward(member, subset).Select(Softmax).ToArray()).ToList();
        var expectedValues = Enumerable.Range(0, subset.Length)
            .SelectMany(i => Enumerable.Range(0, 10).Select(c => softmaxes.Average(member => (double)member[i][c])))
            .Select(value => (float)value)
            .ToArray();

        using var classifier = DigitClassifier.Load(path);
        var predictions = classifier.PredictBatch(subset);
        var maxDifference = 0f;
        for (var i = 0; i < subset.Length; i++)
        {
            for (var c = 0; c < 10; c++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(predictions[i].Probabilities[c] - expectedValues[(i * 10) + c]));
            }
        }

        Assert.True(maxDifference <= 1e-5f, $"max |probability difference| {maxDifference:E2}");
        Assert.Equal("CnnEnsemble3", classifier.Metadata.NetworkName);
        Assert.Equal(Datasets.Mnist.ClassNames, classifier.Metadata.ClassNames);
        OnnxChecker.Check(path);
    }

    [Fact]
    public void Members_of_different_architectures_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxExporter.ExportEnsemble([TestNetworks.Create("Cnn"), TestNetworks.Create("Mlp")], Path.Combine(directory, "mixed.onnx")));

        Assert.Contains("share one architecture", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static float[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exponentials = logits.Select(value => Math.Exp(value - max)).ToArray();
        var sum = exponentials.Sum();
        return [.. exponentials.Select(value => (float)(value / sum))];
    }
}
