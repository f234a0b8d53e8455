using Digits.Sdk.Contract;
using Digits.Sdk.Data;

namespace Digits.Sdk.Training;

/// <summary>
/// The data set a checkpoint's network was trained on, as the manifest's <c>dataset</c> object stores it: name, title,
/// class names, image shape, normalisation, preprocessing (in the ONNX contract's words) and whether it is a catalog
/// data set. Checkpoints written before it existed have none.
/// </summary>
internal sealed record CheckpointDataset
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    public required IReadOnlyList<int> ImageShape { get; init; }

    public required double Mean { get; init; }

    public required double Std { get; init; }

    public required string Preprocessing { get; init; }

    public required bool Known { get; init; }

    public static CheckpointDataset From(DatasetIdentity identity) => new()
    {
        Name = identity.Name,
        Title = identity.Title,
        ClassNames = identity.ClassNames,
        ImageShape = identity.ImageShape,
        Mean = identity.Normalization.Mean,
        Std = identity.Normalization.Std,
        Preprocessing = OnnxModelContract.Name(identity.Preprocessing),
        Known = identity.IsKnown,
    };

    /// <exception cref="InvalidDataException">The record is inconsistent or names an unknown preprocessing.</exception>
    public DatasetIdentity ToIdentity(string path)
    {
        if (!OnnxModelContract.TryParsePreprocessing(Preprocessing, out var preprocessing))
        {
            throw new InvalidDataException($"'{path}' records its data set's preprocessing as '{Preprocessing}', which this version of Digits.Sdk does not know; it may come from a newer version.");
        }

        if (ClassNames.Count == 0 || ClassNames.Any(name => name is null) || ImageShape.Count != 3 || ImageShape.Any(d => d <= 0)
            || !double.IsFinite(Mean) || !(Std > 0) || !double.IsFinite(Std))
        {
            throw new InvalidDataException($"'{path}' has a damaged data-set record: {ClassNames.Count} class names, image shape [{string.Join(", ", ImageShape)}], standard deviation {Std}.");
        }

        return new DatasetIdentity
        {
            Name = Name,
            Title = Title,
            ClassNames = ClassNames,
            ImageShape = ImageShape,
            Normalization = new Normalization(Mean, Std),
            Preprocessing = preprocessing,
            IsKnown = Known,
        };
    }
}
