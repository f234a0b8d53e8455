using System.Globalization;
using Digits.Sdk.Inference;

namespace Digits.Sdk.Data;

/// <summary>
/// What a data set is, as everything downstream of it needs to know: its name, its classes, the shape of its images,
/// how its pixels are normalised and how a new picture must be prepared to look like its pictures. It travels from
/// the data set (<see cref="DigitDataset.Identity"/>) to the training run, the checkpoint and the exported model, so
/// that no stage has to be told again.
/// </summary>
/// <remarks>
/// A known data set (<see cref="Datasets"/>) is recognised by the checksums of its content, never by its folder or
/// file names; anything else is the user's own data set, named after its folder (see
/// <see cref="Datasets.LoadFolderAsync"/>).
/// </remarks>
public sealed record DatasetIdentity
{
    /// <summary>The short name: a catalog name such as <c>mnist</c>, or the folder name of a user's own data set.</summary>
    public required string Name { get; init; }

    /// <summary>The human-readable title, such as <c>Fashion-MNIST</c>.</summary>
    public required string Title { get; init; }

    /// <summary>The name of each class, by label.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The shape of one image: <c>[channels, height, width]</c>.</summary>
    public required IReadOnlyList<int> ImageShape { get; init; }

    /// <summary>The mean and standard deviation every image is normalised with.</summary>
    public required Normalization Normalization { get; init; }

    /// <summary>How a new picture must be prepared before it looks like this data set's images.</summary>
    public ImagePreprocessing Preprocessing { get; init; } = ImagePreprocessing.None;

    /// <summary>Whether this is a data set of the catalog (<see cref="Datasets.All"/>), recognised by checksum.</summary>
    public bool IsKnown { get; init; }

    /// <summary>
    /// Why the identity is what it is, when that is worth telling the user: a folder taken as the user's own data set
    /// and why, or what was assumed for a checkpoint that predates data-set records. <see langword="null"/> otherwise.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>
    /// The class names <c>"0"</c> to <c>"N-1"</c>, which a data set gets when nothing names its classes.
    /// </summary>
    /// <param name="count">The number of classes, at least 1.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> NumberedClasses(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return [.. Enumerable.Range(0, count).Select(label => label.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>Whether two identities describe the same data (the <see cref="Note"/> is not part of that).</summary>
    /// <param name="other">The other identity.</param>
    /// <returns><see langword="true"/> when name, title, classes, image shape, normalisation, preprocessing and origin agree.</returns>
    public bool Equals(DatasetIdentity? other)
        => other is not null
            && Name == other.Name
            && Title == other.Title
            && ClassNames.SequenceEqual(other.ClassNames)
            && ImageShape.SequenceEqual(other.ImageShape)
            && Normalization == other.Normalization
            && Preprocessing == other.Preprocessing
            && IsKnown == other.IsKnown;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, ClassNames.Count, Normalization, Preprocessing, IsKnown);

    /// <summary>One line, such as <c>MNIST: 10 classes, [1, 28, 28], mean 0.1307, std 0.3081, digit preprocessing</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Title}{(IsKnown ? string.Empty : " (your own data set)")}: {ClassCount} classes, [{string.Join(", ", ImageShape)}], {Normalization}, {(Preprocessing == ImagePreprocessing.Digit ? "digit" : "no")} preprocessing");
}
