using Digits.Sdk.Inference;

namespace Digits.Sdk.Data;

/// <summary>
/// A catalog entry for a known data set: its files and their checksums, its classes, where to download it and
/// how to normalise it. The built-in entries are on <see cref="Datasets"/>; use <c>with</c> to change, say, the
/// mirrors.
/// </summary>
public sealed record DatasetInfo
{
    /// <summary>The short name, also the folder it lives in under the data root (for example <c>mnist</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The human-readable title (for example <c>Fashion-MNIST</c>).</summary>
    public required string Title { get; init; }

    /// <summary>The name of each class, by label.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Base URLs to download from, tried in order; a file's URL is the base plus its file name.</summary>
    public required IReadOnlyList<Uri> Mirrors { get; init; }

    /// <summary>The training images.</summary>
    public required DatasetFile TrainImages { get; init; }

    /// <summary>The training labels.</summary>
    public required DatasetFile TrainLabels { get; init; }

    /// <summary>The test images.</summary>
    public required DatasetFile TestImages { get; init; }

    /// <summary>The test labels.</summary>
    public required DatasetFile TestLabels { get; init; }

    /// <summary>The mean and standard deviation of the training pixels, used to normalise every split.</summary>
    public required Normalization Normalization { get; init; }

    /// <summary>The shape of one image, <c>[channels, height, width]</c> (default <c>[1, 28, 28]</c>, as for every catalog entry).</summary>
    public IReadOnlyList<int> ImageShape { get; init; } = [1, 28, 28];

    /// <summary>How a new picture must be prepared to look like this data set's images (default: resize only).</summary>
    public ImagePreprocessing Preprocessing { get; init; } = ImagePreprocessing.None;

    /// <summary>What this data set is, as its loaded sets, training runs, checkpoints and exported models record it.</summary>
    public DatasetIdentity Identity => new()
    {
        Name = Name,
        Title = Title,
        ClassNames = ClassNames,
        ImageShape = ImageShape,
        Normalization = Normalization,
        Preprocessing = Preprocessing,
        IsKnown = true,
    };

    /// <summary>The four files: training images and labels, then test images and labels.</summary>
    public IReadOnlyList<DatasetFile> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>
    /// Loads the training and test sets, verifying every file by checksum and, if asked, downloading the
    /// missing ones.
    /// </summary>
    /// <param name="root">
    /// The data root; by default <c>DIGITS_DATA</c>, else the user's cache folder (see <see cref="DataRoot.Resolve"/>).
    /// The files may sit in the root itself or in a subfolder named <see cref="Name"/>, gzip-compressed or not.
    /// </param>
    /// <param name="download">Whether to download missing files from <see cref="Mirrors"/>.</param>
    /// <param name="progress">Receives download progress.</param>
    /// <param name="cancellationToken">Cancels reading and downloading.</param>
    /// <returns>The training and test sets, which the caller owns and must dispose.</returns>
    /// <exception cref="DatasetNotFoundException">Files are missing and could not be downloaded.</exception>
    /// <exception cref="DatasetChecksumException">A file does not have the recorded checksum.</exception>
    /// <exception cref="IdxFormatException">A file is not a valid IDX file.</exception>
    /// <example>
    /// <code>
    /// using var mnist = await Datasets.Mnist.LoadAsync(download: true);
    /// Console.WriteLine(mnist.Train); // mnist/train: 60000 images [1, 28, 28], 10 classes, ...
    /// </code>
    /// </example>
    public Task<TrainTestData> LoadAsync(string? root = null, bool download = false, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
        => DatasetLoader.LoadAsync(this, root, download, progress, httpClient: null, cancellationToken);

    /// <summary>Finds which of this data set's files are present under <paramref name="root"/> and whether they verify.</summary>
    /// <param name="root">The data root, resolved like <see cref="LoadAsync"/> does.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>One status per file, in the order of <see cref="Files"/>.</returns>
    public Task<IReadOnlyList<DatasetFileStatus>> VerifyAsync(string? root = null, CancellationToken cancellationToken = default)
        => DatasetLoader.VerifyAsync(this, root, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Title;
}
