using System.Globalization;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>
/// Labelled images in memory, ready for training: normalised float32 images <c>[count, 1, height, width]</c>
/// and int64 labels <c>[count]</c>. The data set owns both tensors and disposes them.
/// </summary>
/// <example>
/// <code>
/// using var mnist = await Datasets.Mnist.LoadAsync();
/// using var split = mnist.Train.Split(validation: 5_000, seed: 42);
/// for (var epoch = 0; epoch &lt; 3; epoch++)
/// {
///     foreach (var batch in split.Train.Batches(batchSize: 64, shuffle: true, seed: 42, epoch: epoch))
///     {
///         using var scope = torch.NewDisposeScope();
///         // model.forward(batch.Images), loss against batch.Labels ...
///     }
/// }
/// </code>
/// </example>
public sealed class DigitDataset : IDisposable
{
    private long[]? labelValues;
    private bool disposed;

    /// <summary>Creates a data set of the user's own from tensors it takes ownership of.</summary>
    /// <param name="images">float32 images, <c>[count, channels, height, width]</c>, already normalised with <paramref name="normalization"/>.</param>
    /// <param name="labels">int64 class indices, <c>[count]</c>, each in <c>0 .. classNames.Count - 1</c>.</param>
    /// <param name="classNames">The name of each class, by index.</param>
    /// <param name="normalization">The normalisation <paramref name="images"/> went through.</param>
    /// <param name="name">A name for messages and summaries, such as <c>mnist/train</c>; also the identity's name.</param>
    /// <exception cref="ArgumentException">The shapes, types or labels do not fit together.</exception>
    public DigitDataset(Tensor images, Tensor labels, IReadOnlyList<string> classNames, Normalization normalization, string name = "")
        : this(images, labels, OwnIdentity(images, classNames, normalization, name), name)
    {
    }

    /// <summary>Creates a data set from tensors it takes ownership of, with the identity the rest of the pipeline records.</summary>
    /// <param name="images">float32 images, <c>[count, channels, height, width]</c> (the identity's image shape), already normalised with the identity's normalisation.</param>
    /// <param name="labels">int64 class indices, <c>[count]</c>, each in <c>0 .. identity.ClassCount - 1</c>.</param>
    /// <param name="identity">What the data set is: its name, classes, image shape, normalisation and preprocessing.</param>
    /// <param name="name">A name for messages and summaries, such as <c>mnist/train</c>; by default the identity's name.</param>
    /// <exception cref="ArgumentException">The shapes, types or labels do not fit the identity or each other.</exception>
    public DigitDataset(Tensor images, Tensor labels, DatasetIdentity identity, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(identity);
        if (images.dim() != 4 || images.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"Images must be a float32 tensor [count, channels, height, width], not {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"Labels must be an int64 tensor [{images.shape[0]}] to match the images, not {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        if (identity.ClassCount == 0)
        {
            throw new ArgumentException("A data set needs at least one class name.", nameof(identity));
        }

        if (!identity.ImageShape.SequenceEqual(images.shape.Skip(1).Select(d => (int)d)))
        {
            throw new ArgumentException($"The images are [{string.Join(", ", images.shape.Skip(1))}], but {identity.Title}'s images are [{string.Join(", ", identity.ImageShape)}].", nameof(images));
        }

        Images = images;
        Labels = labels;
        Identity = identity;
        Name = name ?? identity.Name;
        var values = LabelValues;
        for (var i = 0; i < values.Length; i++)
        {
            if ((ulong)values[i] >= (ulong)identity.ClassCount)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Label {values[i]} of sample {i} is outside the {identity.ClassCount} classes."), nameof(labels));
            }
        }
    }

    /// <summary>
    /// What the data set is: name, class names, image shape, normalisation and how new pictures must be prepared.
    /// Training records it in the run and the checkpoint, and export writes it into the model.
    /// </summary>
    public DatasetIdentity Identity { get; }

    /// <summary>A name for messages and summaries, such as <c>mnist/train</c>.</summary>
    public string Name { get; }

    /// <summary>float32 images, <c>[count, channels, height, width]</c>, normalised with <see cref="Normalization"/>.</summary>
    public Tensor Images { get; }

    /// <summary>int64 class indices, <c>[count]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of samples.</summary>
    public int Count => (int)Labels.shape[0];

    /// <summary>The shape of one image without the batch dimension: <c>[channels, height, width]</c>.</summary>
    public IReadOnlyList<int> ImageShape => [(int)Images.shape[1], (int)Images.shape[2], (int)Images.shape[3]];

    /// <summary>The name of each class, by index (the <see cref="Identity"/>'s).</summary>
    public IReadOnlyList<string> ClassNames => Identity.ClassNames;

    /// <summary>The number of classes.</summary>
    public int ClassCount => Identity.ClassCount;

    /// <summary>The normalisation the images went through (the <see cref="Identity"/>'s; undo it with <see cref="Normalization.Denormalize"/>).</summary>
    public Normalization Normalization => Identity.Normalization;

    /// <summary>The labels as plain numbers, read once from the tensor.</summary>
    internal long[] LabelValues => labelValues ??= Labels.data<long>().ToArray();

    /// <summary>
    /// Reads a data set from an IDX images file and an IDX labels file (plain or gzip).
    /// </summary>
    /// <param name="imagesPath">Unsigned-byte images, <c>[count, height, width]</c> or <c>[count, channels, height, width]</c>.</param>
    /// <param name="labelsPath">Unsigned-byte labels, <c>[count]</c>.</param>
    /// <param name="classNames">The class names; by default <c>"0"</c> to <c>"9"</c>.</param>
    /// <param name="normalization">How to normalise the pixels; by default measured on these images.</param>
    /// <param name="name">A name for messages; by default the images file name.</param>
    /// <returns>The data set, which the caller owns and must dispose.</returns>
    /// <exception cref="IdxFormatException">A file is not valid IDX, the counts differ, or a label is outside the classes.</exception>
    public static DigitDataset FromIdx(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, Normalization? normalization = null, string? name = null)
    {
        classNames ??= DatasetIdentity.NumberedClasses(10);
        using var raw = IdxReader.ReadRawImages(imagesPath);
        var labels = IdxLabels.Read(labelsPath, classNames.Count, expectedCount: raw.shape[0], imagesPath);
        try
        {
            var used = normalization ?? Normalization.Measure(raw.bytes);
            var images = IdxReader.ToNormalizedFloat(raw, used);
            return new DigitDataset(images, labels, classNames, used, name ?? Path.GetFileName(imagesPath));
        }
        catch
        {
            labels.Dispose();
            throw;
        }
    }

    /// <summary>How many samples each class has, by class index.</summary>
    /// <returns>An array of <see cref="ClassCount"/> counts.</returns>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in LabelValues)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// Splits off a validation set with the same class proportions as the whole (stratified), choosing the
    /// samples with a seeded generator whose sequence is fixed, so the split is identical on every machine.
    /// </summary>
    /// <param name="validation">How many samples to hold out; between 1 and <see cref="Count"/> - 1.</param>
    /// <param name="seed">The seed that picks which samples.</param>
    /// <returns>Two new data sets (copies); this one is unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validation"/> is out of range.</exception>
    public TrainValidationData Split(int validation = 5_000, int seed = 42)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfLessThan(validation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validation, Count);

        var (trainIndices, validationIndices) = StratifiedSplit.Choose(LabelValues, ClassCount, validation, seed);
        var train = Subset(trainIndices, Suffix("train"));
        try
        {
            return new TrainValidationData(train, Subset(validationIndices, Suffix("validation")));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>The first <paramref name="count"/> samples, as a new data set (for quick tests and smoke runs).</summary>
    /// <param name="count">How many samples; at most <see cref="Count"/>.</param>
    /// <returns>A new data set the caller owns.</returns>
    public DigitDataset Take(int count)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new DigitDataset(Images[..count].clone(), Labels[..count].clone(), Identity, Name);
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order, as a new data set.</summary>
    /// <param name="indices">Sample indices, each in <c>0 .. Count - 1</c>.</param>
    /// <param name="name">A name for the subset; by default this set's name.</param>
    /// <returns>A new data set the caller owns.</returns>
    public DigitDataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
        {
            throw new ArgumentException("A subset needs at least one index.", nameof(indices));
        }

        var picks = new long[indices.Count];
        for (var i = 0; i < picks.Length; i++)
        {
            var index = indices[i];
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count, nameof(indices));
            picks[i] = index;
        }

        using var at = tensor(picks);
        return new DigitDataset(Images.index_select(0, at), Labels.index_select(0, at), Identity, name ?? Name);
    }

    /// <summary>
    /// Iterates over the data set in mini-batches. With <paramref name="shuffle"/>, the order is a permutation
    /// fixed by <paramref name="seed"/> and <paramref name="epoch"/>: a new order every epoch, the same order on
    /// every machine for the same pair.
    /// </summary>
    /// <param name="batchSize">Samples per batch; the last batch holds the remainder unless <paramref name="dropLast"/>.</param>
    /// <param name="shuffle">Whether to visit samples in a seeded random order rather than in order.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <param name="epoch">The epoch number; each epoch gets its own permutation.</param>
    /// <param name="dropLast">Whether to skip a last batch smaller than <paramref name="batchSize"/>.</param>
    /// <returns>Batches that the iterator disposes as it moves on (see <see cref="DataBatch"/>).</returns>
    public IEnumerable<DataBatch> Batches(int batchSize, bool shuffle = true, int seed = 42, int epoch = 0, bool dropLast = false)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Iterate(batchSize, shuffle, seed, epoch, dropLast);
    }

    /// <summary>The order <see cref="Batches"/> visits samples in, for the given seed and epoch.</summary>
    internal int[] Order(bool shuffle, int seed, int epoch)
    {
        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (shuffle)
        {
            new DeterministicRandom(seed, epoch).Shuffle(order.AsSpan());
        }

        return order;
    }

    /// <summary>Releases the images and labels.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Images.Dispose();
        Labels.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Count} images [{string.Join(", ", ImageShape)}], {ClassCount} classes, {Normalization}");

    private static DatasetIdentity OwnIdentity(Tensor images, IReadOnlyList<string> classNames, Normalization normalization, string name)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classNames);
        var title = name.Length == 0 ? "your data set" : name;
        return new DatasetIdentity
        {
            Name = name.Length == 0 ? "own" : name,
            Title = title,
            ClassNames = [.. classNames],
            ImageShape = images.dim() == 4 ? [(int)images.shape[1], (int)images.shape[2], (int)images.shape[3]] : [],
            Normalization = normalization,
        };
    }

    private IEnumerable<DataBatch> Iterate(int batchSize, bool shuffle, int seed, int epoch, bool dropLast)
    {
        var order = Order(shuffle, seed, epoch);
        var count = order.Length;
        var batches = dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
        var indices = new long[batchSize];
        for (var b = 0; b < batches; b++)
        {
            ThrowIfDisposed();
            var start = b * batchSize;
            var size = Math.Min(batchSize, count - start);
            DataBatch batch;

            // A scope of our own keeps the temporaries (the index tensor) from leaking, and detaching the
            // batch keeps it out of any scope the caller has open: this iterator alone disposes it.
            using (NewDisposeScope())
            {
                Tensor images;
                Tensor labels;
                if (!shuffle)
                {
                    images = Images[start..(start + size)].clone();
                    labels = Labels[start..(start + size)].clone();
                }
                else
                {
                    for (var i = 0; i < size; i++)
                    {
                        indices[i] = order[start + i];
                    }

                    var at = tensor(indices.AsSpan(0, size).ToArray());
                    images = Images.index_select(0, at);
                    labels = Labels.index_select(0, at);
                }

                batch = new DataBatch(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope(), b);
            }

            try
            {
                yield return batch;
            }
            finally
            {
                batch.Dispose();
            }
        }
    }

    private string Suffix(string part) => Name.Length == 0 ? part : $"{Name}/{part}";

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
