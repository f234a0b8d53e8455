using System.Text.Json;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// Calibration in an evaluation report: expected and maximum calibration error over 15 bins (Guo et al. 2017) and the
/// Brier score, by hand on a case small enough to follow, against numpy on seeded predictions, and through JSON.
/// </summary>
public sealed class CalibrationMetricsTests
{
    private static readonly PythonOracle Numpy = new("numpy", "Install it with 'apt-get install -y python3-numpy'");

    [Fact]
    public void Four_answers_give_the_calibration_error_worked_out_by_hand()
    {
        // Two answers at 0.95 confidence, one right: bin 15 (14/15, 1] has accuracy 0.5 and confidence 0.95, gap 0.45.
        // Two at 0.55, both right: bin 9 (8/15, 9/15] has accuracy 1 and confidence 0.55, gap 0.45.
        float[,] probabilities = { { 0.95f, 0.05f }, { 0.95f, 0.05f }, { 0.45f, 0.55f }, { 0.55f, 0.45f } };
        int[] truth = [0, 1, 1, 0];

        var calibration = EvaluationReport.FromProbabilities(truth, probabilities).Calibration!;

        Assert.Equal(CalibrationMetrics.DefaultBinCount, calibration.Bins.Count);
        Assert.Equal(0.45, calibration.ExpectedCalibrationError, 6);
        Assert.Equal(0.45, calibration.MaximumCalibrationError, 6);
        Assert.Equal(2, calibration.Bins[14].Count);
        Assert.Equal(2, calibration.Bins[8].Count);
        Assert.Equal(0.5, calibration.Bins[14].Accuracy, 12);
        Assert.Equal(0.55, calibration.Bins[8].MeanConfidence, 6);
        Assert.All(calibration.Bins.Where((_, m) => m is not (8 or 14)), bin => Assert.Equal(0, bin.Count));

        // Brier: right at 0.95 costs 2·0.05², wrong at 0.95 costs 2·0.95², right at 0.55 costs 2·0.45².
        var expectedBrier = ((2 * 0.05 * 0.05) + (2 * 0.95 * 0.95) + (2 * (2 * 0.45 * 0.45))) / 4;
        Assert.Equal(expectedBrier, calibration.BrierScore, 6);
    }

    [Fact]
    public void A_model_that_is_right_as_often_as_it_says_has_no_calibration_error()
    {
        // Ten answers at 0.7 of which seven are right, ten at 0.9 of which nine are right.
        var rows = new List<(float Confidence, bool Right)>();
        rows.AddRange(Enumerable.Range(0, 10).Select(i => (0.7f, i < 7)));
        rows.AddRange(Enumerable.Range(0, 10).Select(i => (0.9f, i < 9)));
        var probabilities = new float[rows.Count, 2];
        var truth = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            probabilities[i, 0] = rows[i].Confidence;
            probabilities[i, 1] = 1 - rows[i].Confidence;
            truth[i] = rows[i].Right ? 0 : 1;
        }

        var calibration = EvaluationReport.FromProbabilities(truth, probabilities).Calibration!;

        Assert.True(calibration.ExpectedCalibrationError < 1e-6, $"ECE {calibration.ExpectedCalibrationError}");
        Assert.True(calibration.MaximumCalibrationError < 1e-6, $"MCE {calibration.MaximumCalibrationError}");
    }

    [Theory]
    [InlineData(1, 10, 2_000)]
    [InlineData(2, 2, 300)]
    [InlineData(3, 5, 57)]
    public void ECE_MCE_and_Brier_equal_numpys_to_one_in_a_million(int seed, int classCount, int samples)
    {
        var predictions = SeededPredictions.Generate(seed, classCount, samples);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);
        var rows = Enumerable.Range(0, samples).Select(i => Enumerable.Range(0, classCount).Select(c => predictions.Probabilities[i, c]).ToArray()).ToArray();
        var oracle = Numpy.Run(
            Path.Combine("Evaluation", "oracles", "calibration.py"),
            new { trueLabels = predictions.TrueLabels, predictedLabels = predictions.PredictedLabels, probabilities = rows, bins = CalibrationMetrics.DefaultBinCount });

        var calibration = report.Calibration!;
        Near("ece", oracle.GetProperty("ece").GetDouble(), calibration.ExpectedCalibrationError);
        Near("mce", oracle.GetProperty("mce").GetDouble(), calibration.MaximumCalibrationError);
        Near("brier", oracle.GetProperty("brier").GetDouble(), calibration.BrierScore);
        Assert.Equal(
            oracle.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()),
            calibration.Bins.Select(bin => bin.Count));
    }

    [Fact]
    public void A_report_from_labels_alone_has_no_calibration_and_no_reliability_diagram()
    {
        var report = EvaluationReport.Create([0, 1, 1], [0, 1, 0]);

        Assert.Null(report.Calibration);
        var error = Assert.Throws<InvalidOperationException>(() => report.SaveReliabilityDiagramPng("never.png"));
        Assert.Contains("without probabilities", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ECE", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_report_shows_ECE_MCE_and_the_Brier_score_under_the_log_loss()
    {
        var predictions = SeededPredictions.Generate(seed: 6, classCount: 10, samples: 500);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);
        var lines = report.ToText().Split('\n');

        var logLoss = Array.FindIndex(lines, line => line.TrimStart().StartsWith("log loss", StringComparison.Ordinal));
        Assert.True(logLoss >= 0, report.ToText());
        Assert.StartsWith("ECE", lines[logLoss + 1].TrimStart(), StringComparison.Ordinal);
        Assert.EndsWith(report.Calibration!.ExpectedCalibrationError.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), lines[logLoss + 1], StringComparison.Ordinal);
        Assert.StartsWith("MCE", lines[logLoss + 2].TrimStart(), StringComparison.Ordinal);
        Assert.StartsWith("Brier score", lines[logLoss + 3].TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_survives_JSON_and_a_doctored_ECE_is_refused()
    {
        var predictions = SeededPredictions.Generate(seed: 7, classCount: 10, samples: 800);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);
        var json = report.ToJson();

        var back = EvaluationReport.FromJson(json).Calibration!;
        Assert.Equal(report.Calibration!.ExpectedCalibrationError, back.ExpectedCalibrationError, 12);
        Assert.Equal(report.Calibration.BrierScore, back.BrierScore);
        Assert.Equal(report.Calibration.Bins, back.Bins);

        using var document = JsonDocument.Parse(json);
        var ece = document.RootElement.GetProperty("expectedCalibrationError").GetRawText();
        var doctored = json.Replace($"\"expectedCalibrationError\": {ece}", "\"expectedCalibrationError\": 0.001", StringComparison.Ordinal);
        Assert.NotEqual(json, doctored);
        var error = Assert.Throws<JsonException>(() => EvaluationReport.FromJson(doctored));
        Assert.Contains("expectedCalibrationError", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reliability_diagram_is_a_picture_of_the_requested_size()
    {
        using var folder = new TemporaryFolder();
        var predictions = SeededPredictions.Generate(seed: 8, classCount: 10, samples: 1_000);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);

        report.SaveReliabilityDiagramPng(folder.File("reliability.png"), 640, 720);

        PngAssert.IsPicture(folder.File("reliability.png"), 640, 720);
    }

    private static void Near(string what, double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6, $"{what} is {actual:R} here but {expected:R} in numpy.");
}
