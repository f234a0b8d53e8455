using System.Reflection;
using Spectre.Console.Cli;

namespace Digits.Cli.CommandLine;

/// <summary>
/// The words <c>digits</c> understands: its verbs, and for each the options and arguments its settings class
/// declares. Read from the <see cref="CommandOptionAttribute"/> and <see cref="CommandArgumentAttribute"/> of the
/// settings classes, so the options are named in one place only and a suggestion can never name one that is gone.
/// </summary>
internal sealed class CommandVocabulary
{
    /// <summary>The switches Spectre.Console.Cli adds to every verb.</summary>
    private static readonly CommandOptionAttribute[] BuiltIn = [new("-h|--help")];

    private readonly Dictionary<string, Verb> verbs = new(StringComparer.Ordinal);

    /// <summary>The verbs, by their words on the command line (<c>train</c>, <c>data info</c>).</summary>
    public IReadOnlyDictionary<string, Verb> Verbs => verbs;

    /// <summary>Records the verb <paramref name="path"/>, run by <typeparamref name="TCommand"/>.</summary>
    public void Add<TCommand>(string path)
        where TCommand : ICommand
        => verbs.Add(path, new Verb(path, SettingsOf(typeof(TCommand))));

    /// <summary>The words that may follow <paramref name="path"/> (<c>""</c> for the first word): verbs or branches.</summary>
    public IReadOnlyList<string> WordsAfter(string path)
    {
        var prefix = path.Length == 0 ? string.Empty : path + " ";
        return [.. verbs.Keys
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name[prefix.Length..].Split(' ')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    private static Type SettingsOf(Type command)
        => command.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>))?.GetGenericArguments()[0]
            ?? throw new ArgumentException($"{command.Name} does not take a settings class.", nameof(command));

    /// <summary>One verb: its words and what its settings class declares.</summary>
    internal sealed class Verb
    {
        public Verb(string path, Type settings)
        {
            Path = path;
            Settings = settings;
            var properties = settings.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            Options = [
                .. properties
                    .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandOptionAttribute>()))
                    .Where(o => o.Attribute is not null)
                    .Select(o => new Option(o.Attribute!, o.Property)),
                .. BuiltIn.Select(attribute => new Option(attribute, null)),
            ];
            Arguments = [.. properties
                .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandArgumentAttribute>()))
                .Where(a => a.Attribute is not null)
                .OrderBy(a => a.Attribute!.Position)
                .Select(a => new Argument(a.Attribute!, a.Property))];
        }

        /// <summary>The verb's words, such as <c>train</c> or <c>data info</c>.</summary>
        public string Path { get; }

        /// <summary>Its settings class.</summary>
        public Type Settings { get; }

        /// <summary>Its options, in the order the settings class declares them, then <c>--help</c>.</summary>
        public IReadOnlyList<Option> Options { get; }

        /// <summary>Its arguments, by position.</summary>
        public IReadOnlyList<Argument> Arguments { get; }

        /// <summary>The option spelled <paramref name="spelling"/> (<c>--epochs</c>, <c>-h</c>), if there is one.</summary>
        public Option? Find(string spelling) => Options.FirstOrDefault(o => o.Spellings.Contains(spelling, StringComparer.Ordinal));

        /// <summary>The option bound to the settings property <paramref name="property"/>.</summary>
        public Option OptionOf(string property)
            => Options.FirstOrDefault(o => o.Property?.Name == property)
                ?? throw new ArgumentException($"{Settings.Name} has no option bound to {property}.", nameof(property));
    }

    /// <summary>One option of a verb.</summary>
    /// <param name="Attribute">Its declaration.</param>
    /// <param name="Property">The settings property it sets; <see langword="null"/> for <c>--help</c>.</param>
    internal sealed record Option(CommandOptionAttribute Attribute, PropertyInfo? Property)
    {
        /// <summary>The name the tool writes it with: its first long name (<c>--epochs</c>).</summary>
        public string Name => Spellings[0];

        /// <summary>Every way to write it, long names first: <c>--help</c>, <c>-h</c>.</summary>
        public IReadOnlyList<string> Spellings { get; } = [.. Attribute.LongNames.Select(n => "--" + n), .. Attribute.ShortNames.Select(n => "-" + n)];

        /// <summary>Whether the word after it is its value (<c>--epochs 3</c>), not a flag (<c>--json</c>).</summary>
        public bool TakesValue => Attribute.ValueName is not null && !Attribute.ValueIsOptional;

        /// <summary>The type its value is converted to, without <see cref="Nullable{T}"/>; arrays give their element type.</summary>
        public Type? ValueType
        {
            get
            {
                var type = Property?.PropertyType;
                type = type?.IsArray == true ? type.GetElementType() : type;
                return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
            }
        }
    }

    /// <summary>One positional argument of a verb.</summary>
    /// <param name="Attribute">Its declaration.</param>
    /// <param name="Property">The settings property it sets.</param>
    internal sealed record Argument(CommandArgumentAttribute Attribute, PropertyInfo Property)
    {
        /// <summary>How help shows it: <c>&lt;network&gt;</c>.</summary>
        public string Display => Attribute.IsRequired ? $"<{Attribute.ValueName}>" : $"[{Attribute.ValueName}]";

        /// <summary>Whether it takes every remaining word (<c>&lt;checkpoints&gt;...</c>).</summary>
        public bool TakesMany => Property.PropertyType.IsArray;
    }
}
