using Digits.Sdk.Models;
using Digits.Sdk.Training;
using Spectre.Console;

namespace Digits.Cli.Commands.Zoo;

/// <summary>What the zoo verbs share: loading data and drawing training progress.</summary>
internal static class ZooCommandSupport
{
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
