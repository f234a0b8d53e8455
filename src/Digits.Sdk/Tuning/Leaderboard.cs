using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Digits.Sdk.Tuning;

/// <summary>The outcome of <see cref="ModelComparison.Compare"/>: every model ranked by validation accuracy, and the winner.</summary>
public sealed class Leaderboard
{
    internal Leaderboard(IReadOnlyList<LeaderboardEntry> entries, bool canceled)
    {
        Entries = [.. entries.OrderByDescending(e => e.ValidationAccuracy).ThenBy(e => e.Network, StringComparer.Ordinal)];
        Canceled = canceled;
    }

    /// <summary>The models, best validation accuracy first.</summary>
    public IReadOnlyList<LeaderboardEntry> Entries { get; }

    /// <summary>The model chosen as final: the best on the validation split (the test accuracy plays no part). Null when none finished.</summary>
    public LeaderboardEntry? Winner => Entries.Count == 0 ? null : Entries[0];

    /// <summary>Whether the comparison was canceled before every model was trained.</summary>
    public bool Canceled { get; }

    /// <summary>The board as a Markdown table, with the winner named below it.</summary>
    /// <returns>The Markdown.</returns>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| rank | model | validation accuracy % | test accuracy % | test macro F1 | training s | parameters | inference µs/image |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (entry, rank) in Entries.Select((e, i) => (e, i + 1)))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {rank} | {entry.Network} | {entry.ValidationAccuracy * 100:F2} | {entry.TestAccuracy * 100:F2} | {entry.TestMacroF1:F4} | {entry.TrainingTime.TotalSeconds:F1} | {entry.ParameterCount:N0} | {entry.InferenceMicrosecondsPerImage:F1} |"));
        }

        if (Winner is { } winner)
        {
            text.AppendLine();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Chosen by validation accuracy: **{winner.Network}** ({winner.ValidationAccuracy * 100:F2}% on validation, {winner.TestAccuracy * 100:F2}% on test).{(Canceled ? " The comparison was canceled." : string.Empty)}"));
        }

        return text.ToString();
    }

    /// <summary>The board as JSON: <c>winner</c>, <c>canceled</c> and <c>entries</c> (best first).</summary>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            if (Winner is { } winner)
            {
                json.WriteString("winner", winner.Network);
            }
            else
            {
                json.WriteNull("winner");
            }

            json.WriteBoolean("canceled", Canceled);
            json.WriteStartArray("entries");
            foreach (var entry in Entries)
            {
                json.WriteStartObject();
                json.WriteString("network", entry.Network);
                json.WriteString("recipe", entry.Recipe);
                json.WriteNumber("validationAccuracy", entry.ValidationAccuracy);
                json.WriteNumber("testAccuracy", entry.TestAccuracy);
                json.WriteNumber("testMacroF1", entry.TestMacroF1);
                json.WriteNumber("trainingSeconds", Math.Round(entry.TrainingTime.TotalSeconds, 3));
                json.WriteNumber("parameters", entry.ParameterCount);
                json.WriteNumber("inferenceMicrosecondsPerImage", Math.Round(entry.InferenceMicrosecondsPerImage, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => ToMarkdown();
}
