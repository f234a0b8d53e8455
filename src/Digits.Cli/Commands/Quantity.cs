using System.Globalization;

namespace Digits.Cli.Commands;

/// <summary>Counts with their unit in the right number: "1 epoch", "3 epochs".</summary>
internal static class Quantity
{
    /// <summary><paramref name="count"/> and <paramref name="unit"/>, plural unless the count is one.</summary>
    /// <param name="count">How many.</param>
    /// <param name="unit">The unit in the singular; its plural adds an <c>s</c>.</param>
    public static string Of(long count, string unit)
        => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {unit}{(count == 1 ? string.Empty : "s")}");
}
