using System.ComponentModel;
using Digits.Sdk.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Zoo;

/// <summary>Arguments of <c>digits tune</c>.</summary>
public sealed class TuneSettings : CommandSettings
{
    /// <summary>The zoo network to tune.</summary>
    [CommandArgument(0, "<network>")]
    [Description("A network the SDK ships, such as FastCnn")]
    public string Network { get; init; } = string.Empty;

    /// <summary>The folder with the MNIST IDX files.</summary>
    [CommandOption("--data <FOLDER>")]
    [Description("A folder holding the MNIST IDX files (or a data root with an mnist/ subfolder)")]
    public string? Data { get; init; }

    /// <summary>Values to try, as <c>name=v1,v2</c>; repeat for more hyperparameters.</summary>
    [CommandOption("--grid <NAME=VALUES>")]
    [Description("Values to try, e.g. learningRate=1e-3,3e-3 (repeatable). Names: optimizer, learningRate, weightDecay, momentum, schedule, loss, labelSmoothing, epochs, batchSize, augmentShift, augmentRotate, augmentScale, augmentStroke, augmentCorruptions, augmentCorruptionFamilies, seed")]
    public string[] Grid { get; init; } = [];

    /// <summary>Draw this many random configurations from the grid's values instead of trying them all.</summary>
    [CommandOption("--random <N>")]
    [Description("Try N random combinations instead of the whole grid")]
    public int? Random { get; init; }

    /// <summary>Successive halving over this many random configurations.</summary>
    [CommandOption("--halving <N>")]
    [Description("Successive halving: start N random combinations with few epochs, keep the best third, triple the epochs")]
    public int? Halving { get; init; }

    /// <summary>The seed of the search and of every trial.</summary>
    [CommandOption("--seed <SEED>")]
    [Description("Seed of the search and the trials (default 42)")]
    public int Seed { get; init; } = TrainingDefaults.Seed;

    /// <summary>Overrides the recipe's epochs for every trial.</summary>
    [CommandOption("--epochs <N>")]
    [Description("Epochs per trial (default: the network's recipe)")]
    public int? Epochs { get; init; }

    /// <summary>How many training images to hold out for scoring the trials.</summary>
    [CommandOption("--validation <N>")]
    [Description("Training images held out to score the trials (default 5000)")]
    public int Validation { get; init; } = 5_000;

    /// <summary>Train on only the first N training images (after holding out the validation split), for quick searches.</summary>
    [CommandOption("--train-images <N>")]
    [Description("Train each trial on only the first N training images")]
    public int? TrainImages { get; init; }

    /// <summary>CPU threads per trial.</summary>
    [CommandOption("--threads <N>")]
    [Description("CPU threads per trial (default: all cores; use 1 per worker when several workers share a machine)")]
    public int? Threads { get; init; }

    /// <summary>Keep the search in this study, shared by every worker that names it.</summary>
    [CommandOption("--study <NAME>")]
    [Description("Keep the search in a study of this name: the first worker creates it, every worker (on any machine, with the same command) claims trials until none is left, and a stopped search resumes")]
    public string? Study { get; init; }

    /// <summary>Where the study lives.</summary>
    [CommandOption("--storage <STORAGE>")]
    [Description("Where the study lives: sqlite:FILE (this machine; default sqlite:studies.db) or postgresql://user@host:port/database (shared by machines; the password in PGPASSWORD or ~/.pgpass)")]
    public string? Storage { get; init; }

    /// <summary>How long this worker's claim on a trial lasts without a heartbeat.</summary>
    [CommandOption("--lease <SECONDS>")]
    [Description("Seconds after which a trial whose worker stopped sending heartbeats goes to another worker (default 60)")]
    public int? Lease { get; init; }

    /// <summary>Print JSON only.</summary>
    [CommandOption("--json")]
    [Description("Print the results as JSON (nothing else on stdout)")]
    public bool Json { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return ValidationResult.Error("--data <FOLDER> is required: a folder holding the MNIST IDX files.");
        }

        var counts = CountOption.Check(
            CountOption.Trials("--random", Random),
            CountOption.Trials("--halving", Halving, minimum: 2),
            CountOption.Epochs(Epochs),
            CountOption.AtLeast("--validation", Validation),
            CountOption.AtLeast("--train-images", TrainImages),
            CountOption.Threads(Threads),
            CountOption.AtLeast("--lease", Lease));
        if (!counts.Successful)
        {
            return counts;
        }

        if (Study is null && (Storage is not null || Lease is not null))
        {
            return ValidationResult.Error($"{(Storage is not null ? "--storage" : "--lease")} belongs to a study: name it with --study NAME.");
        }

        return Random is not null && Halving is not null ? ValidationResult.Error("Use either --random or --halving, not both.") : ValidationResult.Success();
    }
}
