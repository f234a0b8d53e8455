using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Modeling;

/// <summary>
/// Chooses how batches of images are laid out in memory when they enter a generated network. On the CPU,
/// generated convolutional networks hand libtorch their input in channels-last order (NHWC memory behind the
/// usual NCHW shape); convolution then produces channels-last activations and every later batch norm, pooling
/// and activation keeps them, running libtorch's kernels that are vectorised over channels.
/// </summary>
/// <remarks>
/// <para>
/// Only the memory order changes: shapes, values up to floating-point rounding, parameters, checkpoints and ONNX
/// exports are the same as with NCHW. On this project's benchmark machine a training step of the zoo's
/// <c>FastCnn</c> takes about half the time it takes in NCHW order, most of it in 2×2 max pooling, which libtorch
/// runs about seven times faster channels-last (docs/benchmarks.md, fastcnn-vs-pytorch).
/// </para>
/// <para>
/// Tensors on other devices are left as they are: cuDNN picks its own layouts and the gain there has not been
/// measured.
/// </para>
/// </remarks>
public static class TensorLayout
{
    /// <summary>
    /// Whether generated networks lay their input out channels-last on the CPU. On by default; turn it off to
    /// compare against NCHW or to rule the layout out while investigating a numerical difference.
    /// </summary>
    public static bool ChannelsLastOnCpu { get; set; } = true;

    /// <summary>
    /// Returns <paramref name="batch"/> laid out channels-last when it is a CPU batch of images
    /// (<c>[N, C, H, W]</c>) and <see cref="ChannelsLastOnCpu"/> is on; otherwise returns it unchanged.
    /// </summary>
    /// <param name="batch">A batch entering a network.</param>
    /// <returns>
    /// A tensor with the same shape and values. A single-channel batch in NCHW order is returned as a view over the
    /// same memory (for one channel the two orders hold the same bytes); a multi-channel one is copied.
    /// </returns>
    /// <remarks>Generated networks call this at the start of <c>forward</c> when their first layer works on images.</remarks>
    public static Tensor ToChannelsLast(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!ChannelsLastOnCpu || batch.dim() != 4 || batch.device_type != DeviceType.CPU || IsChannelsLast(batch))
        {
            return batch;
        }

        var (channels, height, width) = (batch.shape[1], batch.shape[2], batch.shape[3]);
        if (channels == 1 && batch.is_contiguous())
        {
            // libtorch reads the memory order from the strides; with one channel, NHWC strides describe the
            // very bytes the NCHW tensor already holds, so a view suffices. The offset must be passed on:
            // a batch sliced out of a larger tensor does not start at the beginning of its storage.
            return batch.as_strided(batch.shape, [height * width, 1, width, 1], batch.storage_offset());
        }

        return batch.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    }

    /// <summary>Whether a 4-D tensor's strides are those of a dense channels-last tensor of its shape.</summary>
    /// <param name="batch">A <c>[N, C, H, W]</c> tensor.</param>
    /// <returns><see langword="true"/> when the channels are adjacent in memory, then the columns, then the rows.</returns>
    public static bool IsChannelsLast(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 4)
        {
            return false;
        }

        var strides = batch.stride();
        var (channels, height, width) = (batch.shape[1], batch.shape[2], batch.shape[3]);
        return strides[1] == 1 && strides[3] == channels && strides[2] == width * channels && strides[0] == height * width * channels;
    }
}
