using Digits.Sdk.Tuning;

namespace Digits.Cli.Commands.Studies;

/// <summary>What the study verbs and <c>tune --study</c> share: reading <c>--storage</c> and a study's name.</summary>
internal static class StudyCommandSupport
{
    /// <summary>The description of <c>--storage</c>, one text for every verb that takes it.</summary>
    public const string StorageDescription = "Where the study lives: sqlite:FILE (default sqlite:studies.db) or postgresql://user@host:port/database";

    /// <summary><c>--storage</c> as given, or the default SQLite file in the current folder.</summary>
    /// <exception cref="CommandException">The text is not a storage.</exception>
    public static StudyStorage Storage(string? text)
    {
        if (text is null)
        {
            return StudyStorage.Sqlite(StudyStorage.DefaultSqliteFile);
        }

        try
        {
            return StudyStorage.Parse(text);
        }
        catch (FormatException error)
        {
            throw new CommandException($"--storage: {error.Message}", error);
        }
    }

    /// <summary>A study name as the SDK takes it.</summary>
    /// <exception cref="CommandException">It is empty, too long or holds control characters.</exception>
    public static string Name(string name)
        => string.IsNullOrWhiteSpace(name) || name.Length > Study.MaximumNameLength || name.Any(char.IsControl)
            ? throw new CommandException($"--study needs a name of 1 to {Study.MaximumNameLength} characters without control characters.")
            : name;
}
