using System.Globalization;
using System.Text;

namespace Digits.Sdk.Modeling;

/// <summary>
/// Prints a network's layers as a table, like Keras' <c>model.summary()</c> or torchinfo: each layer's name,
/// kind, output shape and trainable parameters, then the totals.
/// </summary>
public static class NetworkSummary
{
    private static readonly string[] Headers = ["Layer", "Kind", "Output shape", "Parameters"];

    /// <summary>The layer table of an architecture.</summary>
    /// <param name="architecture">The architecture, usually a generated network's static <c>Architecture</c>.</param>
    /// <returns>A multi-line table; lines end with <c>\n</c>.</returns>
    /// <example>
    /// <code>
    /// Console.Write(MnistCnn.Architecture.Summary());
    /// // Network: MnistCnn
    /// // Layer     Kind       Output shape     Parameters
    /// // ------------------------------------------------
    /// // input     Input      [1, 28, 28]               0
    /// // conv1     Conv2d     [32, 28, 28]            320
    /// // ...
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> is <see langword="null"/>.</exception>
    public static string Summary(this NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);

        var rows = new List<string[]> { new[] { "input", "Input", architecture.Input.ToString(), Count(0) } };
        rows.AddRange(architecture.Layers.Select(layer => new[]
        {
            layer.Name,
            layer.Kind.ToString(),
            layer.Output.ToString(),
            Count(layer.ParameterCount),
        }));

        var widths = Enumerable.Range(0, Headers.Length)
            .Select(column => rows.Append(Headers).Max(row => row[column].Length))
            .ToArray();
        var ruleLength = widths.Sum() + (3 * (widths.Length - 1));

        var text = new StringBuilder();
        text.Append("Network: ").Append(architecture.Name).Append('\n');
        AppendRow(text, Headers, widths);
        text.Append('-', ruleLength).Append('\n');
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        text.Append('=', ruleLength).Append('\n');
        text.Append("Total parameters: ").Append(Count(architecture.ParameterCount)).Append('\n');
        text.Append("Input: ").Append(architecture.Input.ToString())
            .Append(", output: ").Append(architecture.Output.ToString())
            .Append(", classes: ").Append(architecture.Classes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>The layer table of a network.</summary>
    /// <param name="network">A generated network.</param>
    /// <returns>A multi-line table; lines end with <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is <see langword="null"/>.</exception>
    public static string Summary(this INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Architecture.Summary();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("   ");
            }

            // Numbers align right, like every table of figures; names and shapes align left.
            line.Append(i == cells.Length - 1 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
