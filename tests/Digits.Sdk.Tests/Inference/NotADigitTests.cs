using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// "Not a digit": a prediction below the model's threshold says so and keeps its best guess; the threshold travels in the
/// model, the caller can move it, and blank pictures stay "no digit found".
/// </summary>
public sealed class NotADigitTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    [Fact]
    public void A_model_exported_with_a_threshold_refuses_what_it_is_less_sure_of_and_keeps_its_guess()
    {
        var path = Path.Combine(model.Directory, "refusing.onnx");
        model.Network.ExportOnnx(path, new OnnxExportOptions { NotADigitBelow = 0.9 });
        using var classifier = DigitClassifier.Load(path);
        var (images, _) = MnistSamples.TestSet;

        Assert.Equal(0.9, classifier.Metadata.NotADigitBelow);
        Assert.Equal(0.9, classifier.NotADigitBelow, 6);
        var predictions = classifier.PredictBatch(images.Take(300).ToArray());
        Assert.Contains(predictions, p => p.IsNotADigit);
        Assert.Contains(predictions, p => p.Verdict == PredictionVerdict.Digit);
        Assert.All(predictions, p => Assert.Equal(p.Confidence < 0.9f, p.IsNotADigit));
        var refused = predictions.First(p => p.IsNotADigit);
        Assert.NotEqual(Prediction.NoLabel, refused.Label);
        Assert.Equal(10, refused.Probabilities.Count);
    }

    [Fact]
    public void The_caller_moves_the_threshold_and_zero_turns_the_verdict_off()
    {
        using var classifier = DigitClassifier.Load(model.Path);
        var (images, _) = MnistSamples.TestSet;
        var sample = images.Take(200).ToArray();

        Assert.Null(classifier.Metadata.NotADigitBelow);
        Assert.All(classifier.PredictBatch(sample), p => Assert.Equal(PredictionVerdict.Digit, p.Verdict));

        classifier.NotADigitBelow = 1;
        Assert.All(classifier.PredictBatch(sample), p => Assert.True(p.IsNotADigit || p.Confidence >= 1f));
        classifier.NotADigitBelow = 0;
        Assert.All(classifier.PredictBatch(sample), p => Assert.Equal(PredictionVerdict.Digit, p.Verdict));
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.NotADigitBelow = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.NotADigitBelow = double.NaN);
    }

    [Fact]
    public void A_blank_page_is_no_digit_found_not_not_a_digit_whatever_the_threshold()
    {
        using var classifier = DigitClassifier.Load(model.Path);
        classifier.NotADigitBelow = 1;

        var blank = classifier.Predict(new byte[784]);

        Assert.Equal(PredictionVerdict.NoDigitFound, blank.Verdict);
        Assert.True(blank.IsBlank);
        Assert.False(blank.IsNotADigit);
    }

    [Fact]
    public void The_threshold_refuses_exactly_the_least_confident_share()
    {
        float[] confidences = [0.99f, 0.5f, 0.97f, 0.3f, 0.98f, 0.95f, 0.99f, 0.96f, 0.999f, 0.9f];

        Assert.Equal(0.3f, NotADigitThreshold.Choose(confidences, 0.05));
        Assert.Equal(0.5f, NotADigitThreshold.Choose(confidences, 0.1));
        Assert.Equal(0.9f, NotADigitThreshold.Choose(confidences, 0.25));
        Assert.Equal(0.1, OutOfDistributionMetrics.RefusedShare(confidences, NotADigitThreshold.Choose(confidences, 0.1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NotADigitThreshold.Choose(confidences, 1));
        Assert.Throws<ArgumentException>(() => NotADigitThreshold.Choose([1.5f]));
    }

    [Fact]
    public void AUROC_is_one_for_perfect_separation_a_half_for_ties_and_zero_when_reversed()
    {
        Assert.Equal(1, OutOfDistributionMetrics.Auroc([0.9f, 0.8f], [0.1f, 0.2f, 0.3f]));
        Assert.Equal(0, OutOfDistributionMetrics.Auroc([0.1f], [0.5f, 0.6f]));
        Assert.Equal(0.5, OutOfDistributionMetrics.Auroc([0.5f, 0.5f], [0.5f]));
        // One of the four digit-other pairs is out of order.
        Assert.Equal(0.75, OutOfDistributionMetrics.Auroc([0.9f, 0.4f], [0.5f, 0.1f]));
    }

    [Fact]
    public void AUROC_equals_scikit_learns_on_scores_with_ties()
    {
        var random = new Random(5);
        // Rounded to two decimals so many scores tie, the case a rank statistic gets wrong most easily.
        var digits = Enumerable.Range(0, 700).Select(_ => MathF.Round((float)(0.4 + (0.6 * random.NextDouble())), 2)).ToArray();
        var others = Enumerable.Range(0, 300).Select(_ => MathF.Round((float)random.NextDouble(), 2)).ToArray();

        var oracle = new PythonOracle("sklearn, numpy", "Install them with 'apt-get install -y python3-sklearn python3-numpy'")
            .Run(Path.Combine("Evaluation", "oracles", "roc_auc.py"), new { digits, others });

        Assert.Equal(oracle.GetProperty("auroc").GetDouble(), OutOfDistributionMetrics.Auroc(digits, others), 9);
    }

    [Fact]
    public void Printed_letters_and_noise_pages_are_pictures_of_what_they_say()
    {
        var letters = NotDigitPictures.PrintedSymbols();
        var noise = NotDigitPictures.Noise(count: 5, seed: 3);

        Assert.Equal(NotDigitPictures.Symbols.Length * NotDigitPictures.Faces.Count, letters.Count);
        Assert.Contains(letters, p => p.What == "A in DejaVuSans");
        Assert.Equal(5, noise.Count);
        Assert.Equal(NotDigitPictures.Noise(count: 5, seed: 3).Select(p => p.Png), noise.Select(p => p.Png));
        using var classifier = DigitClassifier.Load(model.Path);
        Assert.All(letters.Take(20), p => Assert.NotEqual(PredictionVerdict.NoDigitFound, classifier.PredictImage(new MemoryStream(p.Png)).Verdict));
        Assert.DoesNotContain(NotDigitPictures.Symbols, char.IsAsciiDigit);
    }
}
