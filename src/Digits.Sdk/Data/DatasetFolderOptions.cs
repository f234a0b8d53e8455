using Digits.Sdk.Inference;

namespace Digits.Sdk.Data;

/// <summary>
/// What to call a user's own data set and how to treat it, for <see cref="Datasets.LoadFolderAsync"/>. These apply
/// only when the folder's content is not a known data set; a recognised data set keeps the catalog's identity.
/// </summary>
public sealed record DatasetFolderOptions
{
    /// <summary>The data set's name; by default the folder's name.</summary>
    public string? Name { get; init; }

    /// <summary>The name of each class, by label; by default <c>"0"</c> to <c>"N-1"</c> for labels 0 to N-1.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>How to normalise the pixels; by default the mean and standard deviation of the training images.</summary>
    public Normalization? Normalization { get; init; }

    /// <summary>How new pictures must be prepared for a model trained on the data set (default: resize only).</summary>
    public ImagePreprocessing Preprocessing { get; init; } = ImagePreprocessing.None;
}
