using Digits.Sdk.Data;

namespace Digits.Cli.Commands.Training;

/// <summary>Loads the data set in a <c>--data</c> folder: the first catalog entry whose files verify there.</summary>
internal static class CommandData
{
    public static async Task<TrainTestData> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new CommandException($"The data folder '{folder}' does not exist.");
        }

        foreach (var info in Datasets.All)
        {
            try
            {
                return await info.LoadAsync(folder, download: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is DatasetNotFoundException or DatasetChecksumException)
            {
                // Same file names, different checksums: try the next data set.
            }
        }

        throw new CommandException($"'{folder}' holds none of {string.Join(", ", Datasets.All.Select(d => d.Name))} (its four IDX files, directly or in a subfolder named after the data set).");
    }
}
