using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Robustness;

namespace Digits.Sdk.Samples;

/// <summary>
/// What the pretrained model's confidences mean, measured for its card: calibration on the test set before and after the
/// temperature, and how well "not a digit" tells digits from letters, garments and noise at the stored threshold.
/// Nothing here was tuned on these sets: the temperature and the threshold come from the validation split.
/// </summary>
internal sealed record PretrainedConfidence(
    TemperatureCalibration Calibration,
    double Threshold,
    CalibrationMetrics Uncalibrated,
    CalibrationMetrics Calibrated,
    double UncalibratedLogLoss,
    double CalibratedLogLoss,
    IReadOnlyList<PretrainedConfidence.RejectionSet> Sets,
    IReadOnlyList<PretrainedConfidence.CurvePoint> Curve)
{
    /// <summary>The shares of MNIST test digits refused along the rejection curve.</summary>
    private static readonly double[] CurveShares = [0, 0.005, 0.01, 0.02, 0.05, 0.1];

    /// <summary>One point of the rejection curve: refuse the least confident share, and how accurate the rest is.</summary>
    /// <param name="Refused">The share of MNIST test digits refused.</param>
    /// <param name="Threshold">The confidence that refuses that share.</param>
    /// <param name="AccuracyKept">The accuracy on the digits kept.</param>
    public sealed record CurvePoint(double Refused, double Threshold, double AccuracyKept);

    /// <summary>How many MNIST test digits are read as pictures for the picture-path figures.</summary>
    public const int DigitPictureCount = 2000;

    /// <summary>One set the verdict was measured on, against the MNIST test digits read the same way.</summary>
    /// <param name="Name">The set.</param>
    /// <param name="HowRead">As model input (28×28) or as pictures.</param>
    /// <param name="Count">Its size.</param>
    /// <param name="Auroc">How well the confidence separates the digits from it.</param>
    /// <param name="Refused">The share of it answered "not a digit" or "no digit found".</param>
    /// <param name="DigitsRefused">The share of MNIST test digits read the same way that are refused.</param>
    public sealed record RejectionSet(string Name, string HowRead, int Count, double Auroc, double Refused, double DigitsRefused);

    public static PretrainedConfidence Measure(DigitClassifier classifier, TemperatureCalibration calibration, double threshold, CalibrationMetrics uncalibrated, double uncalibratedLogLoss, EvaluationReport test, byte[][] testPixels, byte[] testLabels, DigitDataset fashionTest)
    {
        // Model input: the score of a blank sample is 0 (it is refused before the model is asked).
        var digitPredictions = testPixels.Select(pixels => classifier.Predict(pixels)).ToArray();
        var digitScores = digitPredictions.Select(Score).ToArray();
        var correct = digitPredictions.Select((p, i) => p.Label == testLabels[i]).ToArray();
        var (fashionPixels, _) = PretrainedExport.TestPixels(fashionTest);
        var fashionScores = fashionPixels.Select(pixels => Score(classifier.Predict(pixels))).ToArray();

        var digitPictureScores = testPixels.Take(DigitPictureCount)
            .Select(pixels => Score(classifier.PredictImage(new MemoryStream(RealWorldPictures.Drawn(pixels)))))
            .ToArray();
        var letters = NotDigitPictures.PrintedSymbols().Select(p => Score(classifier.PredictImage(new MemoryStream(p.Png)))).ToArray();
        var noise = NotDigitPictures.Noise().Select(p => Score(classifier.PredictImage(new MemoryStream(p.Png)))).ToArray();

        RejectionSet Set(string name, string howRead, float[] scores, float[] digits) => new(
            name, howRead, scores.Length, OutOfDistributionMetrics.Auroc(digits, scores),
            OutOfDistributionMetrics.RefusedShare(scores, threshold), OutOfDistributionMetrics.RefusedShare(digits, threshold));

        return new PretrainedConfidence(
            calibration,
            threshold,
            uncalibrated,
            test.Calibration!,
            uncalibratedLogLoss,
            test.LogLoss!.Value,
            [
                Set("Fashion-MNIST test", "model input, 10,000", fashionScores, digitScores),
                Set(string.Create(CultureInfo.InvariantCulture, $"printed letters and symbols ({NotDigitPictures.Symbols.Length} in {NotDigitPictures.Faces.Count} DejaVu faces)"), $"pictures, against the first {DigitPictureCount:N0} test digits drawn as pictures", letters, digitPictureScores),
                Set("noise pages", $"pictures, against the first {DigitPictureCount:N0} test digits drawn as pictures", noise, digitPictureScores),
            ],
            RejectionCurve(digitScores, correct));
    }

    /// <summary>Accuracy on the digits kept when the least confident share is refused, for each share of <see cref="CurveShares"/>.</summary>
    private static List<CurvePoint> RejectionCurve(float[] scores, bool[] correct)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        return
        [
            .. CurveShares.Select(share =>
            {
                var refused = (int)Math.Round(share * scores.Length);
                var kept = order[refused..];
                return new CurvePoint((double)refused / scores.Length, refused == 0 ? 0 : scores[order[refused]], kept.Average(i => correct[i] ? 1.0 : 0.0));
            }),
        ];
    }

    /// <summary>The card's "Confidence" section.</summary>
    public IEnumerable<string> CardLines()
    {
        string F(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);
        yield return "## Confidence";
        yield return string.Empty;
        yield return F($"Temperature scaling (`TemperatureScaling`, Guo et al. 2017) fitted on the {Calibration.SampleCount:N0} validation images: T = **{Calibration.Temperature:F4}**, folded into the graph (`logits` are the network's scores divided by T) and recorded as `digits.temperature`. The not-a-digit threshold, `digits.not_a_digit_below` = **{Threshold:F4}**, is the calibrated confidence that refuses 1% of those validation digits read as pictures (each drawn with MNIST's margins, cropped tight and scanned coarsely, 15,000 pictures; `NotADigitThreshold.Choose`), since the verdict is met through `PredictImage` and a picture's digit is read less surely than a 28×28 input. Neither was fitted on a set measured below.");
        yield return string.Empty;
        yield return "| MNIST test set (10,000, through ONNX Runtime) | before (T = 1) | after |";
        yield return "|---|---:|---:|";
        yield return F($"| expected calibration error (15 bins) | {Uncalibrated.ExpectedCalibrationError:P2} | **{Calibrated.ExpectedCalibrationError:P2}** |");
        yield return F($"| maximum calibration error | {Uncalibrated.MaximumCalibrationError:P2} | {Calibrated.MaximumCalibrationError:P2} |");
        yield return F($"| negative log-likelihood | {UncalibratedLogLoss:F4} | {CalibratedLogLoss:F4} |");
        yield return F($"| Brier score | {Uncalibrated.BrierScore:F4} | {Calibrated.BrierScore:F4} |");
        yield return F($"| validation ECE (the split T was fitted on) | {Calibration.ExpectedCalibrationErrorBefore:P2} | {Calibration.ExpectedCalibrationErrorAfter:P2} |");
        yield return string.Empty;
        yield return "\"Not a digit\" at the stored threshold: the confidence is the score (a blank answer scores 0); AUROC is against MNIST test digits read the same way.";
        yield return string.Empty;
        yield return "| set | read as | count | AUROC | refused | MNIST digits refused |";
        yield return "|---|---|---:|---:|---:|---:|";
        foreach (var set in Sets)
        {
            yield return F($"| {set.Name} | {set.HowRead} | {set.Count:N0} | {set.Auroc:F4} | {set.Refused:P1} | {set.DigitsRefused:P2} |");
        }

        yield return string.Empty;
        yield return "Rejection curve on the MNIST test set (model input): refuse the least confident share, and the accuracy on the rest.";
        yield return string.Empty;
        yield return "| refused | below confidence | accuracy on the rest |";
        yield return "|---:|---:|---:|";
        foreach (var point in Curve)
        {
            yield return F($"| {point.Refused:P1} | {point.Threshold:F4} | {point.AccuracyKept:P2} |");
        }
    }

    private static float Score(Prediction prediction) => prediction.IsBlank ? 0 : prediction.Confidence;
}
