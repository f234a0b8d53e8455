using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Digits.Sdk.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Studies;

/// <summary><c>digits study list</c>: the studies a storage holds, with their progress.</summary>
public sealed class StudyListCommand : Command<StudyListCommand.Settings>
{
    /// <summary>The command's arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Where the studies live.</summary>
        [CommandOption("--storage <STORAGE>")]
        [Description(StudyCommandSupport.StorageDescription)]
        public string? Storage { get; init; }

        /// <summary>Print JSON only.</summary>
        [CommandOption("--json")]
        [Description("Print the studies as a JSON array")]
        public bool Json { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var storage = StudyCommandSupport.Storage(settings.Storage);
        var studies = Study.List(storage).Select(name => Study.Open(storage, name)).ToList();
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(studies.Select(s => new Dictionary<string, object>
            {
                ["study"] = s.Name,
                ["network"] = s.Network,
                ["strategy"] = s.Strategy.ToString(),
                ["planned"] = s.PlannedTrials,
                ["complete"] = s.Complete,
                ["failed"] = s.Failed,
                ["running"] = s.Running,
                ["pending"] = s.Pending,
                ["finished"] = s.IsFinished,
            })));
            return 0;
        }

        if (studies.Count == 0)
        {
            Console.Out.WriteLine($"{storage} holds no studies.");
            return 0;
        }

        Zoo.ZooCommandSupport.WidenWhenRedirected();
        var table = new Table().Title(Markup.Escape($"Studies in {storage}"));
        foreach (var column in new[] { "study", "network", "strategy", "complete", "failed", "running", "pending", "best val accuracy %" })
        {
            table.AddColumn(column);
        }

        foreach (var study in studies)
        {
            table.AddRow(
                Markup.Escape(study.Name),
                study.Network,
                study.Strategy.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{study.Complete}/{study.PlannedTrials}"),
                study.Failed.ToString(CultureInfo.InvariantCulture),
                study.Running.ToString(CultureInfo.InvariantCulture),
                study.Pending.ToString(CultureInfo.InvariantCulture),
                study.Best is { } best ? (best.ValidationAccuracy * 100).ToString("F2", CultureInfo.InvariantCulture) : "-");
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
