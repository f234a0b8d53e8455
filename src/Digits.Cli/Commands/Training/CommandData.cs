using Digits.Sdk.Data;

namespace Digits.Cli.Commands.Training;

/// <summary>
/// Loads the data set in a <c>--data</c> folder, for every verb that takes one: a catalog data set when the files'
/// content is one (by checksum), else the user's own, with the SDK's note saying so on stderr.
/// </summary>
internal static class CommandData
{
    public static async Task<TrainTestData> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var data = await Datasets.LoadFolderAsync(folder, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (data.Identity.Note is { } note)
        {
            // A note, not an error: stdout stays clean for --json, and the run goes on.
            Console.Error.WriteLine("digits: note: " + note);
        }

        return data;
    }
}
