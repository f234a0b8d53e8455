using System.Globalization;
using Digits.Sdk.Data;

namespace Digits.Cli.Commands;

/// <summary>Holds validation images out of a training set, refusing in the user's terms a split that leaves none to train on.</summary>
internal static class ValidationSplit
{
    /// <param name="train">The training images of the <c>--data</c> folder.</param>
    /// <param name="validation">How many to hold out.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <param name="holder">What asked for the hold-out, as the user knows it: <c>--validation</c>, or the verb with a fixed one.</param>
    /// <param name="remedy">What the user can do when the data set is too small.</param>
    public static TrainValidationData Of(DigitDataset train, int validation, int seed, string holder, string remedy)
        => validation < train.Count
            ? train.Split(validation, seed)
            : throw new CommandException(string.Create(CultureInfo.InvariantCulture, $"{holder} holds out {validation:N0} validation images, but {train.Name} has only {train.Count:N0} training images; {remedy}."));
}
