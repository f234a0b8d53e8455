using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Digits.Sdk.Tuning;

/// <summary>What a search found: every trial, scored on the validation split, and the best one.</summary>
public sealed class TuningResult
{
    internal TuningResult(string network, SearchStrategy strategy, int seed, IReadOnlyList<Hyperparameter> space, IReadOnlyList<TrialResult> trials, bool canceled)
    {
        Network = network;
        Strategy = strategy;
        Seed = seed;
        Space = space;
        Trials = trials;
        Canceled = canceled;
    }

    /// <summary>The tuned network's name.</summary>
    public string Network { get; }

    /// <summary>How configurations were chosen.</summary>
    public SearchStrategy Strategy { get; }

    /// <summary>The search's seed.</summary>
    public int Seed { get; }

    /// <summary>The hyperparameters searched.</summary>
    public IReadOnlyList<Hyperparameter> Space { get; }

    /// <summary>Every finished trial, in the order they ran.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>Whether the search was canceled before all its trials ran.</summary>
    public bool Canceled { get; }

    /// <summary>
    /// The best trial: highest validation accuracy, then lowest validation loss, then (for successive halving) the
    /// latest round, then the earliest trial. Null when no trial finished.
    /// </summary>
    public TrialResult? Best => Rank(Trials).FirstOrDefault();

    /// <summary>The results as a fixed-width table, best first.</summary>
    /// <returns>The table.</returns>
    public string ToText()
    {
        var columns = Header();
        var rows = Rank(Trials).Select(Cells).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Title());
        text.AppendLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>The results as a Markdown table, best first.</summary>
    /// <returns>The Markdown.</returns>
    public string ToMarkdown()
    {
        var columns = Header();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{Title()}**");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", columns) + " |");
        text.AppendLine("| " + string.Join(" | ", columns.Select((_, i) => i == 0 ? "---" : "---:")) + " |");
        foreach (var row in Rank(Trials).Select(Cells))
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    /// <summary>The results as JSON: network, strategy, seed, space, canceled, best and trials (in run order).</summary>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("network", Network);
            json.WriteString("strategy", Storage.StudyPlan.StrategyName(Strategy));
            json.WriteNumber("seed", Seed);
            json.WriteBoolean("canceled", Canceled);
            json.WriteStartArray("space");
            foreach (var dimension in Space)
            {
                json.WriteStringValue(dimension.ToString());
            }

            json.WriteEndArray();
            if (Best is { } best)
            {
                json.WritePropertyName("best");
                WriteTrial(json, best);
            }
            else
            {
                json.WriteNull("best");
            }

            json.WriteStartArray("trials");
            foreach (var trial in Trials)
            {
                WriteTrial(json, trial);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();

    internal static IEnumerable<TrialResult> Rank(IEnumerable<TrialResult> trials)
        => trials
            .OrderByDescending(t => double.IsNaN(t.ValidationAccuracy) ? double.NegativeInfinity : t.ValidationAccuracy)
            .ThenBy(t => double.IsNaN(t.ValidationLoss) ? double.PositiveInfinity : t.ValidationLoss)
            .ThenByDescending(t => t.Round)
            .ThenBy(t => t.Number);

    private static void WriteTrial(Utf8JsonWriter json, TrialResult trial)
    {
        json.WriteStartObject();
        json.WriteNumber("trial", trial.Number);
        json.WriteNumber("round", trial.Round);
        json.WriteStartObject("values");
        foreach (var (name, value) in trial.Values)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteNumber("epochs", trial.Epochs);
        WriteNumber(json, "validationAccuracy", trial.ValidationAccuracy);
        WriteNumber(json, "validationLoss", trial.ValidationLoss);
        json.WriteNumber("seconds", Math.Round(trial.Elapsed.TotalSeconds, 3));
        json.WriteString("recipe", trial.Recipe.ToString());
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private string Title()
        => string.Create(CultureInfo.InvariantCulture, $"{Network}: {Strategy} search, seed {Seed}, {Trials.Count} trial(s){(Canceled ? ", canceled" : string.Empty)}; scored on the validation split");

    private string[] Header()
        => ["trial", .. Space.Select(h => h.Name), .. Strategy == SearchStrategy.SuccessiveHalving ? ["round"] : Array.Empty<string>(), "epochs", "val accuracy %", "val loss", "seconds"];

    private string[] Cells(TrialResult trial)
        =>
        [
            trial.Number.ToString(CultureInfo.InvariantCulture),
            .. Space.Select(h => trial.Values.TryGetValue(h.Name, out var v) ? v : trial.Recipe.Get(h.Name)),
            .. Strategy == SearchStrategy.SuccessiveHalving ? [trial.Round.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
            trial.Epochs.ToString(CultureInfo.InvariantCulture),
            (trial.ValidationAccuracy * 100).ToString("F2", CultureInfo.InvariantCulture),
            trial.ValidationLoss.ToString("F4", CultureInfo.InvariantCulture),
            trial.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
        ];
}
