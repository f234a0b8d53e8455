using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Digits.Sdk.Robustness;

/// <summary>
/// The JSON form of a <see cref="RobustnessReport"/>: the headline figures at the top, so <c>jq .meanAccuracy</c>
/// needs no nesting, and one object per family.
/// </summary>
internal sealed record RobustnessReportDocument(
    string Model,
    string Input,
    int Seed,
    int SampleCount,
    double CleanAccuracy,
    int CleanCorrect,
    int CleanBlank,
    double MeanAccuracy,
    double MeanError,
    double? RelativeCorruptionError,
    double? UnseenMeanAccuracy,
    RobustnessReportDocument.Family[] Families,
    string[] Unseen)
{
    public static string Write(RobustnessReport report, bool indented)
    {
        var unseen = report.UnseenFamilies;
        var document = new RobustnessReportDocument(
            report.Model,
            InputName(report.Input),
            report.Seed,
            report.SampleCount,
            report.Clean.Accuracy,
            report.Clean.Correct,
            report.Clean.Blank,
            report.MeanAccuracy,
            report.MeanError,
            report.RelativeCorruptionError,
            unseen.Count == 0 ? null : unseen.Average(f => f.Accuracy),
            [.. report.Families.Select(f => new Family(f.Name, f.Accuracy, report.RelativeError(f), f.Correct, f.Blank, f.Unseen))],
            [.. unseen.Select(f => f.Name)]);

        // The writer, not the options, decides indentation, so one source-generated contract serves both forms.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            JsonSerializer.Serialize(writer, document, RobustnessJsonContext.Default.RobustnessReportDocument);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>How <c>input</c> names a <see cref="CorruptedInput"/>: <c>samples</c> or <c>pictures</c>.</summary>
    public static string InputName(CorruptedInput input) => input switch
    {
        CorruptedInput.Samples => "samples",
        CorruptedInput.Pictures => "pictures",
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown input."),
    };

    /// <summary>One family's figures.</summary>
    internal sealed record Family(string Name, double Accuracy, double? RelativeError, int Correct, int Blank, bool Unseen);
}
