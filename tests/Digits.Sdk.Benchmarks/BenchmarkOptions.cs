using System.Globalization;

namespace Digits.Sdk.Benchmarks;

/// <summary>Reads <c>--name value</c> options and <c>--flag</c> switches from a benchmark's arguments.</summary>
internal sealed class BenchmarkOptions(string[] args)
{
    public string? Text(string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public int? Int(string name) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    public double? Double(string name) => Text(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    public bool Flag(string name) => args.Contains(name);

    /// <summary>The arguments that are neither options nor their values.</summary>
    public IReadOnlyList<string> Positional(params string[] valueOptions)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (valueOptions.Contains(args[i]))
            {
                i++;
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
            }
        }

        return positional;
    }
}
