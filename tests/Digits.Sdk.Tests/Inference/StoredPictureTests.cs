using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Tests.Training;
using Digits.Sdk.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// A data set's own images, written as PNGs exactly as stored, are classified from the picture as <c>evaluate</c>
/// classifies them from the tensor: the model's preprocessing is the one its data set needs.
/// </summary>
public sealed class StoredPictureTests(ITestOutputHelper output)
{
    private const int Pictures = 1_000;

    [Fact]
    public async Task Fashion_MNIST_test_pictures_as_stored_get_the_labels_evaluate_gives()
    {
        var agreement = await TrainAndCompare(TestData.FashionMnist);

        // Resize-only preprocessing hands the model the stored pixels themselves: nothing may differ.
        Assert.Equal(1.0, agreement);
    }

    [Fact]
    public async Task MNIST_test_pictures_as_stored_get_the_labels_evaluate_gives_through_the_digit_preprocessing()
    {
        var agreement = await TrainAndCompare(TestData.Mnist);

        // The digit preprocessing crops, rescales and re-centres even a stored MNIST digit; it keeps the faint edges
        // of strokes, so a stored digit comes back as it was (1,000 of 1,000 measured) but for an occasional
        // one-pixel shift where MNIST rounded its centre of mass the other way.
        Assert.True(agreement >= 0.995, $"Only {agreement:P2} of {Pictures} pictures got evaluate's label.");
    }

    /// <summary>Trains a small CNN for one epoch on 10,000 of the folder's training images, then compares on its test images.</summary>
    private async Task<double> TrainAndCompare(string dataFolder)
    {
        using var data = await Datasets.LoadFolderAsync(dataFolder);
        using var train = data.Train.Take(10_000);
        using var model = Trainer.For<TinyCnn>().Epochs(1).BatchSize(64).Fit(train).Model;
        return Agreement(model, data.Test, dataFolder);
    }

    private double Agreement(nn.Module<Tensor, Tensor> model, DigitDataset test, string dataFolder)
    {
        using var folder = new TemporaryFolder();
        using var subset = test.Take(Pictures);
        var expected = Labels(model.PredictProbabilities(subset));
        OnnxExporter.Export(model, folder.File("model.onnx"));
        using var classifier = DigitClassifier.Load(folder.File("model.onnx"));

        using var raw = IdxReader.ReadRawImages(Path.Combine(dataFolder, DatasetFolders.TestImages + ".gz"));
        var pixels = raw.bytes.ToArray();
        var agreements = 0;
        for (var i = 0; i < Pictures; i++)
        {
            var path = folder.File($"{i}.png");
            File.WriteAllBytes(path, DigitImages.StoredPng(pixels.AsSpan(i * 784, 784)));
            agreements += classifier.PredictImage(path).Label == expected[i] ? 1 : 0;
        }

        var agreement = agreements / (double)Pictures;
        output.WriteLine($"{test.Identity.Title}: {agreements} of {Pictures} pictures ({agreement:P2}) got evaluate's label with {classifier.Metadata.Preprocessing} preprocessing.");
        return agreement;
    }

    private static int[] Labels(Tensor probabilities)
    {
        using (probabilities)
        using (var labels = probabilities.argmax(1))
        {
            return [.. labels.data<long>().ToArray().Select(label => (int)label)];
        }
    }
}
