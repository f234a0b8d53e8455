using System.Security.Cryptography;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Inference;

public sealed class PretrainedModelTests
{
    private static string RepositoryModel =>
        Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Sdk.Inference", "models", "digits-pretrained.onnx");

    private static string RepositoryCard => Path.ChangeExtension(RepositoryModel, ".md");

    /// <summary>The figures a model card states, as samples/PretrainedModel writes them.</summary>
    private sealed record ModelCard(double AccuracyPercent, string Sha256)
    {
        public static ModelCard Read(string path)
        {
            var text = File.ReadAllText(path);
            var accuracy = System.Text.RegularExpressions.Regex.Match(text, @"MNIST test accuracy[^|]*\|\s*\*\*([0-9.]+)\s?%\*\*");
            var sha = System.Text.RegularExpressions.Regex.Match(text, @"\| sha256 \| `([0-9a-f]{64})`");
            Assert.True(accuracy.Success && sha.Success, $"'{path}' does not state the test accuracy and sha256 in the expected table rows.");
            return new ModelCard(double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), sha.Groups[1].Value);
        }
    }

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
    public void The_embedded_model_is_the_one_its_card_describes_by_sha256()
    {
        var card = ModelCard.Read(RepositoryCard);

        Assert.Equal(card.Sha256, Convert.ToHexStringLower(SHA256.HashData(PretrainedModel.Read())));
        Assert.True(new FileInfo(RepositoryModel).Length <= 6 * 1024 * 1024, "The embedded model may take at most 6 MB.");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_embedded_models_MNIST_test_accuracy_is_its_cards_figure_and_at_least_99_4_percent()
    {
        var card = ModelCard.Read(RepositoryCard);
        var (images, labels) = MnistSamples.FullTestSet;
        using var classifier = DigitClassifier.LoadPretrained();

        var correct = 0;
        for (var start = 0; start < images.Length; start += 500)
        {
            var batch = images[start..Math.Min(images.Length, start + 500)];
            correct += classifier.PredictBatch(batch).Select((p, i) => p.Label == labels[start + i] ? 1 : 0).Sum();
        }

        var accuracy = 100.0 * correct / images.Length;
        Assert.Equal(10_000, images.Length);
        Assert.True(accuracy >= card.AccuracyPercent - 0.02, $"{accuracy:F2}% on the MNIST test set; the card says {card.AccuracyPercent:F2}%.");
        // The robust model gave up about a quarter of a point of clean accuracy (99.71% for the three-TopCnn ensemble
        // before it) for 29 points under MNIST-C's corruptions as model input; see its card. This is the floor it may not fall under.
        Assert.True(accuracy >= 99.4, $"{accuracy:F2}% on the MNIST test set, below 99.4%.");
    }

    [Fact]
    public void The_pretrained_model_carries_the_weights_digest_its_card_states_and_its_weights_match_it()
    {
        var card = File.ReadAllText(RepositoryCard);
        var stated = System.Text.RegularExpressions.Regex.Match(card, @"\| weights digest \| `([0-9a-f]{64})`");

        // Loading checks the weights against the digest: a damaged embedded model would not load.
        using var classifier = DigitClassifier.LoadPretrained();

        Assert.True(stated.Success, "The card states no weights digest.");
        Assert.Equal(stated.Groups[1].Value, classifier.Metadata.WeightsDigest);
        Assert.Equal(stated.Groups[1].Value, Digits.Sdk.Contract.OnnxWeightsDigest.Compute(PretrainedModel.Read()));
    }

    [Fact]
    public void A_negative_thread_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.LoadPretrained(threads: -1));
    }
}
