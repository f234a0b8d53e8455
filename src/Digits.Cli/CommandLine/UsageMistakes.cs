using System.ComponentModel;
using System.Globalization;

namespace Digits.Cli.CommandLine;

/// <summary>
/// Says, in the user's terms, what is wrong with a command line that Spectre.Console.Cli refused: the unknown verb
/// or option with the nearest valid one, the argument no verb takes, the value that is not of the option's kind.
/// </summary>
/// <remarks>
/// Spectre.Console.Cli decides whether a command line is wrong; this only explains it, so it is asked only after
/// Spectre refused, and when it finds nothing Spectre's own message stands. Spectre's messages name .NET's types
/// ("Failed to convert 'abc' to Nullable`1") and no near option, and do not say which verb they are about.
/// </remarks>
internal sealed class UsageMistakes(CommandVocabulary vocabulary)
{
    /// <summary>The tool's own switches that Spectre reads before any verb.</summary>
    private static readonly string[] RootOptions = ["--help", "-h", "--version", "-v", DigitsApp.VerboseOption];

    /// <summary>The first mistake in <paramref name="arguments"/>, as one sentence, or <see langword="null"/> if none is found.</summary>
    /// <param name="arguments">The command line, without the program's name.</param>
    public string? Find(IReadOnlyList<string> arguments)
    {
        var path = string.Empty;
        var next = 0;
        while (next < arguments.Count && !vocabulary.Verbs.ContainsKey(path))
        {
            var word = arguments[next];
            var words = vocabulary.WordsAfter(path);
            var full = path.Length == 0 ? word : path + " " + word;
            if (IsOption(word))
            {
                return RootOptions.Contains(word, StringComparer.Ordinal) ? null : Unknown("option", word, RootOptions.Where(o => o.StartsWith("--", StringComparison.Ordinal)), $"digits {path}".TrimEnd());
            }

            if (!words.Contains(word, StringComparer.Ordinal))
            {
                var nearest = Suggestion.Nearest(word, words);
                return nearest is null
                    ? $"Unknown command '{full}'; {(path.Length == 0 ? "digits" : "digits " + path)} has {Join(words)}."
                    : $"Unknown command '{full}'. Did you mean '{(path.Length == 0 ? nearest : path + " " + nearest)}'?";
            }

            path = full;
            next++;
        }

        return vocabulary.Verbs.TryGetValue(path, out var verb) ? FindIn(verb, arguments, next) : null;
    }

    private static string? FindIn(CommandVocabulary.Verb verb, IReadOnlyList<string> arguments, int start)
    {
        var given = new List<(CommandVocabulary.Option Option, string Spelling, string Value)>();
        var position = 0;
        for (var i = start; i < arguments.Count; i++)
        {
            var word = arguments[i];
            if (word == "--")
            {
                return $"'--' ends the options, but digits {verb.Path} takes nothing after them.";
            }

            if (IsOption(word))
            {
                // --name=value and --name:value are one word.
                var split = word.IndexOfAny(['=', ':']);
                var spelling = split < 0 ? word : word[..split];
                var option = verb.Find(spelling);
                if (option is null)
                {
                    return Unknown("option", spelling, verb.Options.Select(o => o.Name), $"digits {verb.Path}");
                }

                if (option.TakesValue)
                {
                    var value = split >= 0 ? word[(split + 1)..] : i + 1 < arguments.Count ? arguments[++i] : null;
                    if (value is not null)
                    {
                        given.Add((option, spelling, value));
                    }
                }

                continue;
            }

            if (position >= verb.Arguments.Count)
            {
                var takes = verb.Arguments.Count == 0 ? "no arguments" : string.Join(" ", verb.Arguments.Select(a => a.Display + (a.TakesMany ? "..." : string.Empty)));
                return $"Unexpected argument '{word}': digits {verb.Path} takes {takes} (see digits {verb.Path} --help).";
            }

            if (!verb.Arguments[position].TakesMany)
            {
                position++;
            }
        }

        foreach (var (option, spelling, value) in given)
        {
            if (option.ValueType is { } type && !Converts(type, value))
            {
                return $"Option '{spelling}' expects {Kind(type)}, got '{value}'.";
            }
        }

        return null;
    }

    private static string Unknown(string what, string typed, IEnumerable<string> valid, string where)
    {
        var candidates = valid.ToList();
        return Suggestion.Nearest(typed, candidates) is { } nearest
            ? $"Unknown {what} '{typed}'. Did you mean '{nearest}'?"
            : $"Unknown {what} '{typed}'; {where} takes {Join(candidates)}.";
    }

    /// <summary>Whether <paramref name="word"/> is written as an option: <c>--name</c> or <c>-n</c>, but not a negative number.</summary>
    private static bool IsOption(string word)
        => word.Length > 1 && word[0] == '-' && word != "--" && !double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool Converts(Type type, string value)
    {
        try
        {
            // The converters Spectre.Console.Cli binds with, in the invariant culture it parses in.
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception error) when (error is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Kind(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(bool) => "true or false",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => "a " + type.Name.ToLowerInvariant(),
    };

    private static string Join(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }
}
