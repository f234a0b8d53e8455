using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Digits.Cli.CommandLine;

/// <summary>
/// Writes a verb's settings back as the command line that gives them, for a user to run again: every argument and
/// every option that has a value, in the order the settings class declares them, quoted for a POSIX shell.
/// </summary>
internal static partial class CommandLineText
{
    /// <summary>The command line <c>digits &lt;verb&gt; ...</c> that reproduces <paramref name="settings"/>.</summary>
    /// <param name="vocabulary">Where the verb's options are declared.</param>
    /// <param name="verb">The verb's words, such as <c>train</c>.</param>
    /// <param name="settings">The settings the verb ran with.</param>
    /// <param name="replacing">Options to give other values, by the settings property they set (<c>nameof(TrainSettings.Resume)</c>).</param>
    public static string Of(CommandVocabulary vocabulary, string verb, CommandSettings settings, params (string Property, object? Value)[] replacing)
    {
        var declared = vocabulary.Verbs[verb];
        object? ValueOf(System.Reflection.PropertyInfo property)
            => replacing.Any(r => r.Property == property.Name) ? replacing.First(r => r.Property == property.Name).Value : property.GetValue(settings);

        List<string> words = ["digits", .. verb.Split(' ')];
        foreach (var argument in declared.Arguments)
        {
            words.AddRange(Values(ValueOf(argument.Property)));
        }

        foreach (var option in declared.Options.Where(o => o.Property is not null))
        {
            var value = ValueOf(option.Property!);
            if (!option.TakesValue)
            {
                if (value is true)
                {
                    words.Add(option.Name);
                }

                continue;
            }

            foreach (var text in Values(value))
            {
                words.Add(option.Name);
                words.Add(text);
            }
        }

        return string.Join(' ', words.Select(Quote));
    }

    private static IEnumerable<string> Values(object? value) => value switch
    {
        null => [],
        string text => text.Length == 0 ? [] : [text],
        IEnumerable many => many.Cast<object?>().SelectMany(Values),
        IFormattable number => [number.ToString(null, CultureInfo.InvariantCulture)],
        _ => [value.ToString() ?? string.Empty],
    };

    /// <summary>The word as a POSIX shell reads it back: unchanged when it is safe, else in single quotes.</summary>
    public static string Quote(string word)
        => SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex SafeWord();
}
