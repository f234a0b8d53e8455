using System.Security.Cryptography;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Inference;

public sealed class PretrainedModelTests
{
    private static string RepositoryModel =>
        Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Sdk.Inference", "models", "digits-pretrained.onnx");

    [Fact]
    public void The_assembly_carries_the_repositorys_pretrained_model_byte_for_byte()
    {
        var embedded = PretrainedModel.Read();

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(RepositoryModel)), SHA256.HashData(embedded));
    }

    [Fact]
    public void The_pretrained_model_is_an_MNIST_digit_classifier_with_the_digit_preprocessing()
    {
        using var classifier = DigitClassifier.LoadPretrained();

        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), classifier.Metadata.ClassNames);
        Assert.Equal([1, 28, 28], classifier.Metadata.InputShape);
        Assert.Equal(ImagePreprocessing.Digit, classifier.Metadata.Preprocessing);
        Assert.Equal("mnist", classifier.Metadata.Dataset);
    }

    [Fact]
    public void The_pretrained_model_reads_MNIST_test_digits()
    {
        var (images, labels) = MnistSamples.TestSet;
        using var classifier = DigitClassifier.LoadPretrained();

        var predictions = classifier.PredictBatch(images);

        // A floor, not the card's figure: the accuracy test on the full test set holds the model to that.
        var accuracy = predictions.Zip(labels, (p, l) => p.Label == l ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.97, $"Accuracy {accuracy:P1} on 1,000 MNIST test images.");
    }

    [Fact]
    public void The_pretrained_model_predicts_exactly_as_the_same_file_loaded_from_disk()
    {
        var sample = MnistSamples.TestSet.Images.Take(100).ToArray();
        using var pretrained = DigitClassifier.LoadPretrained();
        using var fromFile = DigitClassifier.Load(RepositoryModel);

        var expected = fromFile.PredictBatch(sample);
        var actual = pretrained.PredictBatch(sample);

        Assert.Equal(fromFile.Metadata.NetworkName, pretrained.Metadata.NetworkName);
        Assert.Equal(expected.Select(p => p.Label), actual.Select(p => p.Label));
        Assert.Equal(expected.SelectMany(p => p.Probabilities), actual.SelectMany(p => p.Probabilities));
    }

    [Fact]
    public void A_negative_thread_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.LoadPretrained(threads: -1));
    }
}
