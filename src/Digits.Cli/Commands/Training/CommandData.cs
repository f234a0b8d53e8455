using Digits.Sdk.Data;
using Digits.Sdk.Models;
using Digits.Sdk.Training;

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

    /// <summary>
    /// Loads only the test set of a <c>--data</c> folder (its training files may be absent), for the verbs that only
    /// evaluate, with the SDK's note about a data set of the user's own on stderr.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="normalization">
    /// How a data set of the user's own is normalised: the one the evaluated network was trained with, or
    /// <see langword="null"/> for a model that normalises its inputs itself (an ONNX model).
    /// </param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<DigitDataset> LoadTestAsync(string folder, Normalization? normalization, CancellationToken cancellationToken)
    {
        var test = await Datasets.LoadTestFolderAsync(folder, new DatasetFolderOptions { Normalization = normalization }, cancellationToken).ConfigureAwait(false);
        if (test.Identity.Note is { } note)
        {
            Console.Error.WriteLine("digits: note: " + note);
        }

        return test;
    }

    /// <summary>
    /// Refuses, in the user's terms, to train <paramref name="network"/> on data of another number of classes: the
    /// networks the SDK ships are declared for ten.
    /// </summary>
    public static void RequireClassesOf(ZooModel network, DigitDataset train)
    {
        if (network.Architecture.Classes != train.ClassCount)
        {
            throw new CommandException(
                $"{network.Name} predicts {network.Architecture.Classes} classes, but '{train.Name}' has {train.ClassCount} ({train.Identity.Title}): "
                + $"declare a network with Classes = {train.ClassCount} and train it with the SDK.");
        }
    }

    /// <summary>Refuses to resume, on this data, a run that was trained on another data set.</summary>
    public static void RequireSameData(string resume, DatasetIdentity data)
    {
        var trainedOn = CommandCheckpoint.Read(resume).Dataset;
        if (trainedOn.Note is null && !trainedOn.Equals(data))
        {
            throw new CommandException($"'{resume}' was trained on {trainedOn}, but --data holds {data}; resume with the data it was trained on.");
        }
    }
}
