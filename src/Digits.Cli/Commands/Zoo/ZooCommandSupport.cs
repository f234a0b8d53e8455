using Digits.Sdk.Data;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Spectre.Console;

namespace Digits.Cli.Commands.Zoo;

/// <summary>What the zoo verbs share: loading data and drawing training progress.</summary>
internal static class ZooCommandSupport
{
    /// <summary>Loads MNIST-format data from a folder holding the four IDX files (or a data-set subfolder of it).</summary>
    public static async Task<TrainTestData> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new CommandException($"The data folder '{folder}' does not exist; pass --data with a folder holding the MNIST IDX files (train-images-idx3-ubyte.gz, ...).");
        }

        var full = Path.GetFullPath(folder);

        // Datasets look for their files under <root>/<name> as well as <root>, so both a data root and the mnist folder work.
        var info = Datasets.All.FirstOrDefault(d => string.Equals(Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), d.Name, StringComparison.OrdinalIgnoreCase)) ?? Datasets.Mnist;
        try
        {
            return await info.LoadAsync(full, download: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DatasetNotFoundException error)
        {
            throw new CommandException(error.Message, error);
        }
    }

    /// <summary>Whether to draw live progress: only on an interactive terminal, never with --json.</summary>
    public static bool Interactive(bool json) => !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Redirected output has no terminal width, and Spectre then assumes 80 columns and wraps names mid-word; files
    /// and pipes can take a wide table.
    /// </summary>
    public static void WidenWhenRedirected()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        }
    }

    /// <summary>Reports training progress as a percentage of the run's batches.</summary>
    public static double Percent(TrainingProgress progress)
        => progress.Epochs * progress.BatchesPerEpoch == 0 ? 0 : 100.0 * (((progress.Epoch - 1) * (double)progress.BatchesPerEpoch) + progress.Batch) / (progress.Epochs * (double)progress.BatchesPerEpoch);
}
