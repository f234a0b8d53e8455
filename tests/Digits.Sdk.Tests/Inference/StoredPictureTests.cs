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
        using var fashion = await Datasets.LoadFolderAsync(TestData.FashionMnist);
        using var train = fashion.Train.Take(10_000);
        var run = Trainer.For<TinyCnn>().Epochs(1).BatchSize(64).Fit(train);
        using var model = run.Model;

        var agreement = Agreement(model, fashion.Test, TestData.FashionMnist);

        // Resize-only preprocessing hands the model the stored pixels themselves: nothing may differ.
        Assert.Equal(1.0, agreement);
    }

    [Fact]
    public async Task MNIST_test_pictures_as_stored_get_the_labels_evaluate_gives_through_the_digit_preprocessing()
    {
        using var mnist = await Datasets.LoadFolderAsync(TestData.Mnist);
        using var train = mnist.Train.Take(10_000);
        var run = Trainer.For<TinyCnn>().Epochs(1).BatchSize(64).Fit(train);
        using var model = run.Model;

        var agreement = Agreement(model, mnist.Test, TestData.Mnist);

        // The digit preprocessing crops, rescales and re-centres even a stored MNIST digit, which moves a few
        // digits by a pixel and drops ink fainter than its noise level; rarely enough to change a label.
        Assert.True(agreement >= 0.995, $"Only {agreement:P2} of {Pictures} pictures got evaluate's label.");
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
