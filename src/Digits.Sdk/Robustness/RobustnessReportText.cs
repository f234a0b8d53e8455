using System.Globalization;
using System.Text;

namespace Digits.Sdk.Robustness;

/// <summary>Formats a <see cref="RobustnessReport"/> as a plain-text table, in invariant culture.</summary>
internal static class RobustnessReportText
{
    public static string Table(RobustnessReport report)
    {
        var pictures = report.Input == CorruptedInput.Pictures;
        // As wide as the longest family's name and its unseen mark, so tables of any families line up.
        var width = Corruptions.All.Max(family => Corruptions.Name(family).Length) + 1;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{report.Model} under MNIST-C corruptions, {report.SampleCount:N0} test images {(pictures ? "as 112x112 pictures (PredictImage)" : "as model input")}, seed {report.Seed}\n\n");
        text.Append("family".PadRight(width)).Append("  accuracy     error  rel. error");
        if (pictures)
        {
            text.Append("  no digit");
        }

        text.Append('\n');
        Row(text, "clean", width, report.Clean.Accuracy, report.Clean.Error == 0 ? double.NaN : 1, report.Clean.Blank, pictures);
        foreach (var family in report.Families)
        {
            Row(text, family.Name + (family.Unseen ? "*" : string.Empty), width, family.Accuracy, report.RelativeError(family) ?? double.NaN, family.Blank, pictures);
        }

        text.Append('\n');
        Row(text, "mean", width, report.MeanAccuracy, report.RelativeCorruptionError ?? double.NaN, report.Families.Sum(f => f.Blank), pictures);
        var unseen = report.UnseenFamilies;
        if (unseen.Count > 0)
        {
            var mean = unseen.Average(f => f.Accuracy);
            Row(text, "unseen mean", width, mean, report.Clean.Error == 0 ? double.NaN : (1 - mean) / report.Clean.Error, unseen.Sum(f => f.Blank), pictures);
        }

        text.Append('\n');
        text.Append(report.RelativeCorruptionError is { } relative
            ? string.Create(CultureInfo.InvariantCulture, $"Mean corruption error relative to clean: {relative:0.00} (mean error {report.MeanError:P2} / clean error {report.Clean.Error:P2}).\n")
            : string.Create(CultureInfo.InvariantCulture, $"Mean corruption error relative to clean: undefined, the clean error is 0 (mean error {report.MeanError:P2}).\n"));
        if (unseen.Count > 0)
        {
            text.Append("* held out of training (unseen).\n");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, int width, double accuracy, double relative, int blank, bool pictures)
    {
        text.Append(name.PadRight(width))
            .Append(accuracy.ToString("P2", CultureInfo.InvariantCulture).PadLeft(10))
            .Append((1 - accuracy).ToString("P2", CultureInfo.InvariantCulture).PadLeft(10))
            .Append((double.IsNaN(relative) ? "-" : relative.ToString("0.00", CultureInfo.InvariantCulture)).PadLeft(12));
        if (pictures)
        {
            text.Append(blank.ToString("N0", CultureInfo.InvariantCulture).PadLeft(10));
        }

        text.Append('\n');
    }
}
