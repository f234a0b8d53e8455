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

    /// <summary>
    /// Applies <c>--layout channels-last|nchw</c> to generated networks (default channels-last, the SDK's own
    /// default), so a benchmark can show what the layout is worth, and returns the layout's name.
    /// </summary>
    public string ApplyLayout()
    {
        var layout = Text("--layout") ?? "channels-last";
        Modeling.TensorLayout.ChannelsLastOnCpu = layout switch
        {
            "channels-last" => true,
            "nchw" => false,
            _ => throw new ArgumentException($"Unknown layout '{layout}': use channels-last or nchw."),
        };
        return layout;
    }

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
