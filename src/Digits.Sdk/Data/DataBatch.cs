using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>One mini-batch from <see cref="DigitDataset.Batches"/>: images and their labels.</summary>
/// <remarks>
/// The iterator that produced a batch owns its tensors and disposes them when it moves to the next batch or
/// finishes, so a plain <c>foreach</c> leaks nothing. Disposing a batch yourself is harmless. To keep a batch
/// past the next iteration, clone its tensors.
/// </remarks>
public sealed class DataBatch : IDisposable
{
    internal DataBatch(Tensor images, Tensor labels, int index)
    {
        Images = images;
        Labels = labels;
        Index = index;
    }

    /// <summary>float32 images, <c>[batch, channels, height, width]</c>, normalised like the data set.</summary>
    public Tensor Images { get; }

    /// <summary>int64 class indices, <c>[batch]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of samples in this batch (the last batch of an epoch may be smaller).</summary>
    public int Count => (int)Labels.shape[0];

    /// <summary>The zero-based position of this batch within its epoch.</summary>
    public int Index { get; }

    /// <summary>Releases the batch's tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
