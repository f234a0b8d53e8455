using System.ComponentModel;
using Digits.Sdk.Tuning;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Studies;

/// <summary><c>digits study show &lt;name&gt;</c>: a study's progress, best trial, leaderboard and workers, from any machine.</summary>
public sealed class StudyShowCommand : Command<StudyShowCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The study's name.</summary>
        [CommandArgument(0, "<study>")]
        [Description("The study's name, as given to digits tune --study")]
        public string Study { get; init; } = string.Empty;

        /// <summary>Where the study lives.</summary>
        [CommandOption("--storage <STORAGE>")]
        [Description(StudyCommandSupport.StorageDescription)]
        public string? Storage { get; init; }

        /// <summary>Print JSON only.</summary>
        [CommandOption("--json")]
        [Description("Print the whole study as JSON: progress, best, leaderboard, every trial with its epochs, attempts and workers")]
        public bool Json { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var study = Study.Open(StudyCommandSupport.Storage(settings.Storage), StudyCommandSupport.Name(settings.Study));
        Console.Out.Write(settings.Json ? study.ToJson() + Environment.NewLine : study.ToText());
        return 0;
    }
}
