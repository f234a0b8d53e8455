using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// The JSON form of an <see cref="EvaluationReport"/>. Flat on purpose, so <c>jq .macroF1</c> and the CLI's
/// <c>--json</c> output need no nesting; derived numbers are written for readers and checked on the way back in.
/// </summary>
internal sealed record EvaluationReportDocument(
    int SampleCount,
    double Accuracy,
    double MacroPrecision,
    double MacroRecall,
    double MacroF1,
    double WeightedPrecision,
    double WeightedRecall,
    double WeightedF1,
    double? LogLoss,
    double? ExpectedCalibrationError,
    double? MaximumCalibrationError,
    double? BrierScore,
    ReliabilityBin[]? ReliabilityBins,
    ClassMetrics[]? PerClass,
    int[][]? ConfusionMatrix,
    string[]? Warnings)
{
    // Numbers that went through JSON come back exactly (shortest round-trip form); the slack only forgives
    // writers that print fewer digits.
    private const double Tolerance = 1e-9;

    public static string Write(EvaluationReport report, bool indented)
    {
        var document = new EvaluationReportDocument(
            report.SampleCount,
            report.Accuracy,
            report.MacroAverage.Precision,
            report.MacroAverage.Recall,
            report.MacroAverage.F1,
            report.WeightedAverage.Precision,
            report.WeightedAverage.Recall,
            report.WeightedAverage.F1,
            report.LogLoss,
            report.Calibration?.ExpectedCalibrationError,
            report.Calibration?.MaximumCalibrationError,
            report.Calibration?.BrierScore,
            report.Calibration is { } calibration ? [.. calibration.Bins] : null,
            [.. report.PerClass],
            report.CopyConfusion(),
            [.. report.Warnings]);
        // The writer, not the options, decides indentation, so one source-generated contract serves both forms.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            JsonSerializer.Serialize(writer, document, EvaluationJsonContext.Default.EvaluationReportDocument);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static EvaluationReport Read(string json)
    {
        var document = JsonSerializer.Deserialize(json, EvaluationJsonContext.Default.EvaluationReportDocument)
            ?? throw new JsonException("The JSON is 'null', not an evaluation report.");
        var perClass = document.PerClass ?? throw Missing("perClass");
        var matrix = document.ConfusionMatrix ?? throw Missing("confusionMatrix");
        if (perClass.Length < 2)
        {
            throw new JsonException($"An evaluation report has at least two classes in 'perClass', but this one has {perClass.Length}.");
        }

        if (matrix.Length != perClass.Length || matrix.Any(row => row is null || row.Length != perClass.Length))
        {
            throw new JsonException($"'confusionMatrix' must be {perClass.Length} x {perClass.Length}, one row and one column per entry of 'perClass'.");
        }

        if (matrix.Any(row => row.Any(count => count < 0)))
        {
            throw new JsonException("'confusionMatrix' holds a negative count.");
        }

        var names = perClass.Select((m, i) => string.IsNullOrEmpty(m?.Name) ? throw new JsonException($"'perClass[{i}]' has no name.") : m.Name).ToArray();
        var report = new EvaluationReport(names, [.. matrix.Select(row => row.ToArray())], document.LogLoss, ReadCalibration(document));

        Check("sampleCount", document.SampleCount, report.SampleCount);
        Check("accuracy", document.Accuracy, report.Accuracy);
        Check("macroF1", document.MacroF1, report.MacroF1);
        for (var c = 0; c < names.Length; c++)
        {
            Check($"perClass[{c}].support", perClass[c].Support, report.PerClass[c].Support);
            Check($"perClass[{c}].f1", perClass[c].F1, report.PerClass[c].F1);
        }

        if (report.Calibration is { } calibration)
        {
            Check("reliabilityBins (samples)", calibration.Bins.Sum(bin => bin.Count), report.SampleCount);
            Check("expectedCalibrationError", document.ExpectedCalibrationError ?? double.NaN, calibration.ExpectedCalibrationError);
            Check("maximumCalibrationError", document.MaximumCalibrationError ?? double.NaN, calibration.MaximumCalibrationError);
        }

        return report;
    }

    /// <summary>
    /// The calibration the bins and Brier score describe, or null for a report without probabilities (or written
    /// before reports had calibration); a report with only some of the calibration fields is damaged.
    /// </summary>
    private static CalibrationMetrics? ReadCalibration(EvaluationReportDocument document)
    {
        if (document.ReliabilityBins is null && document.BrierScore is null)
        {
            return null;
        }

        var bins = document.ReliabilityBins ?? throw Missing("reliabilityBins");
        var brier = document.BrierScore ?? throw Missing("brierScore");
        if (bins.Length == 0 || bins.Any(bin => bin is null || bin.Count < 0 || !(bin.MeanConfidence is >= 0 and <= 1) || !(bin.Accuracy is >= 0 and <= 1)))
        {
            throw new JsonException("'reliabilityBins' must hold at least one bin, each with a count of 0 or more and a mean confidence and accuracy in [0, 1].");
        }

        return new CalibrationMetrics(bins, brier);
    }

    private static JsonException Missing(string property) =>
        new($"The JSON has no '{property}', so it is not an evaluation report written by EvaluationReport.ToJson.");

    private static void Check(string property, double stored, double recomputed)
    {
        if (Math.Abs(stored - recomputed) > Tolerance)
        {
            throw new JsonException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{property}' is {stored} but the confusion matrix gives {recomputed}; the report was edited or is from a different evaluation."));
        }
    }
}
