using System.Globalization;
using System.Text;

namespace Digits.Sdk.Evaluation;

/// <summary>Formats an <see cref="EvaluationReport"/> as a plain-text table or as Markdown, in invariant culture.</summary>
internal static class EvaluationReportText
{
    private static readonly string[] Headers = ["precision", "recall", "f1-score", "support"];

    /// <summary>The layout of scikit-learn's <c>classification_report</c>, so the two can be compared by eye.</summary>
    public static string Table(EvaluationReport report, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        const string longestHeading = "weighted avg";
        var width = Math.Max(Math.Max(report.ClassNames.Max(n => n.Length), longestHeading.Length), digits);
        var text = new StringBuilder();
        text.Append(' ', width).Append(' ');
        foreach (var header in Headers)
        {
            text.Append(' ').Append(header.PadLeft(9));
        }

        text.Append("\n\n");
        foreach (var m in report.PerClass)
        {
            Row(text, m.Name, width, digits, m.Precision, m.Recall, m.F1, m.Support);
        }

        text.Append('\n');
        text.Append("accuracy".PadLeft(width)).Append(' ')
            .Append(' ', 2 * 10).Append(' ').Append(Number(report.Accuracy, digits).PadLeft(9))
            .Append(' ').Append(Count(report.SampleCount).PadLeft(9)).Append('\n');
        Row(text, "macro avg", width, digits, report.MacroAverage.Precision, report.MacroAverage.Recall, report.MacroAverage.F1, report.SampleCount);
        Row(text, longestHeading, width, digits, report.WeightedAverage.Precision, report.WeightedAverage.Recall, report.WeightedAverage.F1, report.SampleCount);

        if (report.LogLoss is { } logLoss)
        {
            text.Append('\n');
            ScalarRow(text, "log loss", width, digits, logLoss);
        }

        if (report.Calibration is { } calibration)
        {
            // ECE and MCE over CalibrationMetrics.DefaultBinCount bins, as Guo et al. (2017) report them.
            ScalarRow(text, "ECE", width, digits, calibration.ExpectedCalibrationError);
            ScalarRow(text, "MCE", width, digits, calibration.MaximumCalibrationError);
            ScalarRow(text, "Brier score", width, digits, calibration.BrierScore);
        }

        foreach (var warning in report.Warnings)
        {
            text.Append('\n').Append("warning: ").Append(warning);
        }

        if (report.Warnings.Count > 0)
        {
            text.Append('\n');
        }

        return text.ToString();
    }

    public static string Markdown(EvaluationReport report, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**Accuracy** {Number(report.Accuracy, digits)} on {Count(report.SampleCount)} samples");
        text.Append(CultureInfo.InvariantCulture, $" · **macro F1** {Number(report.MacroF1, digits)}");
        if (report.LogLoss is { } logLoss)
        {
            text.Append(CultureInfo.InvariantCulture, $" · **log-loss** {Number(logLoss, digits)}");
        }

        if (report.Calibration is { } calibration)
        {
            text.Append(CultureInfo.InvariantCulture, $" · **ECE** {Number(calibration.ExpectedCalibrationError, digits)} · **Brier** {Number(calibration.BrierScore, digits)}");
        }

        text.Append("\n\n| class | precision | recall | f1-score | support |\n|:--|--:|--:|--:|--:|\n");
        foreach (var m in report.PerClass)
        {
            MarkdownRow(text, Escape(m.Name), digits, m.Precision, m.Recall, m.F1, m.Support);
        }

        MarkdownRow(text, "*macro avg*", digits, report.MacroAverage.Precision, report.MacroAverage.Recall, report.MacroAverage.F1, report.SampleCount);
        MarkdownRow(text, "*weighted avg*", digits, report.WeightedAverage.Precision, report.WeightedAverage.Recall, report.WeightedAverage.F1, report.SampleCount);

        text.Append("\nConfusion matrix (rows: true class, columns: predicted class)\n\n| true \\ predicted |");
        foreach (var name in report.ClassNames)
        {
            text.Append(' ').Append(Escape(name)).Append(" |");
        }

        text.Append("\n|:--|");
        foreach (var _ in report.ClassNames)
        {
            text.Append("--:|");
        }

        text.Append('\n');
        for (var row = 0; row < report.ClassNames.Count; row++)
        {
            text.Append("| **").Append(Escape(report.ClassNames[row])).Append("** |");
            foreach (var count in report.ConfusionMatrix[row])
            {
                text.Append(' ').Append(Count(count)).Append(" |");
            }

            text.Append('\n');
        }

        foreach (var warning in report.Warnings)
        {
            text.Append("\n> ").Append(Escape(warning));
        }

        if (report.Warnings.Count > 0)
        {
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, int width, int digits, double precision, double recall, double f1, int support)
    {
        text.Append(name.PadLeft(width)).Append(' ');
        foreach (var value in (ReadOnlySpan<double>)[precision, recall, f1])
        {
            text.Append(' ').Append(Number(value, digits).PadLeft(9));
        }

        text.Append(' ').Append(Count(support).PadLeft(9)).Append('\n');
    }

    /// <summary>A one-number row with the number under the f1-score column, as the accuracy row has it.</summary>
    private static void ScalarRow(StringBuilder text, string name, int width, int digits, double value) =>
        text.Append(name.PadLeft(width)).Append(' ', 2 * 10 + 1).Append(' ').Append(Number(value, digits).PadLeft(9)).Append('\n');

    private static void MarkdownRow(StringBuilder text, string name, int digits, double precision, double recall, double f1, int support) =>
        text.Append(CultureInfo.InvariantCulture, $"| {name} | {Number(precision, digits)} | {Number(recall, digits)} | {Number(f1, digits)} | {Count(support)} |\n");

    private static string Number(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Pipes would end a table cell early; class names are user text.
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
