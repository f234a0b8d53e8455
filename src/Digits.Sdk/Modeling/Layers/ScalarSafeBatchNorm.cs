using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Modeling.Layers;

/// <summary>
/// Batch normalization over <c>[N, C]</c> or <c>[N, C, L]</c> inputs (<c>BatchNorm1d</c>) or <c>[N, C, H, W]</c>
/// inputs (<c>BatchNorm2d</c>), computed as TorchSharp's <c>BatchNorm1d</c> and <c>BatchNorm2d</c> compute it, with
/// the same parameters and buffers (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>), but without a temporary scalar in its training step.
/// </summary>
/// <remarks>
/// TorchSharp's modules count batches with <c>num_batches_tracked.add_(1)</c>, which turns both the 1 and the implicit
/// <c>alpha</c> into finalizable <c>Scalar</c>s that nothing holds while libtorch runs. A garbage collection during that
/// call frees them, and training stops with "Unknown scalar type" from <c>c10::Scalar</c>: it happened within the
/// first epoch of a network trained with MNIST-C corruption augmentation, whose per-image byte arrays make collections
/// frequent. This module holds its scalars for its lifetime (see docs/articles/training.md).
/// </remarks>
public sealed class ScalarSafeBatchNorm : BatchNorm
{
    private readonly int spatialDimensions;
    private readonly Scalar one = 1.ToScalar();

    /// <summary>Creates a batch normalization with a learnable scale and shift and running statistics.</summary>
    /// <param name="spatialDimensions">1 for <c>BatchNorm1d</c> (inputs of 2 or 3 dimensions), 2 for <c>BatchNorm2d</c> (4 dimensions).</param>
    /// <param name="features">The number of channels <c>C</c>.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="momentum">The weight of each batch in the running statistics.</param>
    /// <exception cref="ArgumentOutOfRangeException">The dimensions are not 1 or 2, or there are no features.</exception>
    public ScalarSafeBatchNorm(int spatialDimensions, long features, double eps = 1e-5, double momentum = 0.1)
        : base(features, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null,
            spatialDimensions == 2 ? "BatchNorm2d" : "BatchNorm1d")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spatialDimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spatialDimensions, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        this.spatialDimensions = spatialDimensions;
    }

    /// <summary>Normalizes a batch; in training it also updates the running statistics and the batch count.</summary>
    /// <param name="input">A batch of the shape this module was made for.</param>
    /// <returns>The normalized batch.</returns>
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);

        // TorchSharp's BatchNorm.forward, step for step, with the counter's scalars held.
        var averaging = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } counter)
        {
            counter.add_(one, one);
            averaging = momentum is null ? 1.0 / counter.item<long>() : momentum.Value;
        }

        var useBatchStatistics = training || (running_mean is null && running_var is null);
        var passStatistics = !training || track_running_stats;
        return nn.functional.batch_norm(input, passStatistics ? running_mean : null, passStatistics ? running_var : null,
            weight, bias, useBatchStatistics, averaging, eps);
    }

    /// <inheritdoc/>
    protected override void ValidateInputDimensions(Tensor input)
    {
        var valid = spatialDimensions == 2 ? input.ndim == 4 : input.ndim is 2 or 3;
        if (!valid)
        {
            throw new ArgumentException(spatialDimensions == 2
                ? $"BatchNorm2d expects a 4D input [N, C, H, W], but got {input.ndim}D input."
                : $"BatchNorm1d expects a 2D or 3D input [N, C] or [N, C, L], but got {input.ndim}D input.");
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            one.Dispose();
        }

        base.Dispose(disposing);
    }
}
