using System.ComponentModel;
using Digits.Sdk.Tuning;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Studies;

/// <summary><c>digits study delete &lt;name&gt;</c>: removes a study with its trials, attempts and stored weights.</summary>
public sealed class StudyDeleteCommand : Command<StudyDeleteCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The study's name.</summary>
        [CommandArgument(0, "<study>")]
        [Description("The study to delete, with its trials and their weights")]
        public string Study { get; init; } = string.Empty;

        /// <summary>Where the study lives.</summary>
        [CommandOption("--storage <STORAGE>")]
        [Description(StudyCommandSupport.StorageDescription)]
        public string? Storage { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var storage = StudyCommandSupport.Storage(settings.Storage);
        var name = StudyCommandSupport.Name(settings.Study);

        // Open first, so a study that is not there is refused with the names of those that are.
        var study = Study.Open(storage, name);
        Study.Delete(storage, name);
        Console.Out.WriteLine($"Deleted study '{name}' from {storage}: {study.Trials.Count} trial(s), {study.Complete} with stored weights.");
        return 0;
    }
}
