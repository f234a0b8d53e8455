using Digits.Sdk.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Digits.Sdk.Data;

/// <summary>
/// Data augmentation on whole batches with tensor operations (no per-image loops): random affine transforms
/// and elastic distortion, both resampled with <c>affine_grid</c>/<c>grid_sample</c>. Apply it to training
/// batches only.
/// </summary>
/// <remarks>
/// Every random draw comes from the <see cref="Generator"/> passed in, so a seeded generator makes the
/// augmentation reproducible. Pixels shifted in from outside the image take the batch's minimum value, which
/// for normalised MNIST-like images is the background.
/// </remarks>
/// <example>
/// <code>
/// using var generator = new torch.Generator(42);
/// foreach (var batch in train.Batches(64, epoch: epoch))
/// {
///     using var scope = torch.NewDisposeScope();
///     var images = Augment.RandomAffine(batch.Images, shift: 0.1, rotate: 10, scale: 0.1, generator);
///     // ...
/// }
/// </code>
/// </example>
public static class Augment
{
    /// <summary>
    /// Shifts, rotates and scales each image of a batch by its own random amounts.
    /// </summary>
    /// <param name="images">A float batch <c>[count, channels, height, width]</c>.</param>
    /// <param name="shift">The largest shift, as a fraction of the image size (0.1 = up to 10% each way).</param>
    /// <param name="rotate">The largest rotation in degrees, either way.</param>
    /// <param name="scale">The largest relative zoom in or out (0.1 = 90% to 110%).</param>
    /// <param name="generator">The random source; pass a seeded one for reproducible results.</param>
    /// <returns>A new tensor of the same shape; all zero strengths give back the input.</returns>
    public static Tensor RandomAffine(Tensor images, double shift = 0.1, double rotate = 10, double scale = 0.1, Generator? generator = null)
    {
        Validate(images);
        ArgumentOutOfRangeException.ThrowIfNegative(shift);
        ArgumentOutOfRangeException.ThrowIfNegative(rotate);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(scale, 1.0);

        using var scope = NewDisposeScope();
        var count = images.shape[0];
        var angle = Uniform(count, rotate * Math.PI / 180.0, generator, images);
        var zoom = Uniform(count, scale, generator, images).Plus(1);

        // The translation is in grid_sample's coordinates, where the image spans -1..1 (a width of 2).
        var tx = Uniform(count, 2 * shift, generator, images);
        var ty = Uniform(count, 2 * shift, generator, images);

        // theta maps output coordinates to input coordinates, so it is the inverse of the zoom.
        var cos = angle.cos() / zoom;
        var sin = angle.sin() / zoom;
        var theta = stack([cos, -sin, tx, sin, cos, ty], dim: 1).reshape(count, 2, 3);
        var grid = F.affine_grid(theta, images.shape, align_corners: false);
        return Resample(images, grid).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Distorts each image with a smooth random displacement field (Simard et al., 2003).
    /// </summary>
    /// <param name="images">A float batch <c>[count, channels, height, width]</c>.</param>
    /// <param name="alpha">The displacement strength in pixels; 0 gives back the input.</param>
    /// <param name="sigma">The smoothness of the field in pixels (Gaussian blur width); larger is smoother.</param>
    /// <param name="generator">The random source; pass a seeded one for reproducible results.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public static Tensor Elastic(Tensor images, double alpha = 34, double sigma = 4, Generator? generator = null)
    {
        Validate(images);
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);

        using var scope = NewDisposeScope();
        var count = images.shape[0];
        var height = images.shape[2];
        var width = images.shape[3];
        var noise = rand([count, 2, height, width], dtype: images.dtype, device: images.device, generator: generator).Times(2).Minus(1);
        var kernel = GaussianKernel(sigma, images);
        var radius = kernel.shape[0] / 2;

        // A separable blur: rows then columns, each channel (x and y displacement) on its own.
        var horizontal = kernel.reshape(1, 1, 1, -1).expand(2, 1, 1, -1);
        var vertical = kernel.reshape(1, 1, -1, 1).expand(2, 1, -1, 1);
        var smooth = F.conv2d(noise, horizontal, padding: [0, radius], groups: 2);
        smooth = F.conv2d(smooth, vertical, padding: [radius, 0], groups: 2);

        // Pixels to grid units: the image spans 2 units over width (or height) pixels.
        var dx = smooth[.., 0].Times(alpha * 2.0 / width);
        var dy = smooth[.., 1].Times(alpha * 2.0 / height);
        var identity = F.affine_grid(eye(2, 3, dtype: images.dtype, device: images.device).unsqueeze(0).expand(count, 2, 3), images.shape, align_corners: false);
        var grid = identity.Plus(stack([dx, dy], dim: -1));
        return Resample(images, grid).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Thickens or thins the strokes of each image by its own random amount: a blend of the image with its 3×3
    /// dilation (thicker) or erosion (thinner), so that a network also reads digits written with a broader or a finer
    /// pen than MNIST's.
    /// </summary>
    /// <param name="images">A float batch <c>[count, channels, height, width]</c> with ink brighter than the background (MNIST's polarity), normalised or not.</param>
    /// <param name="strength">The largest blend either way, in [0, 1]: 1 allows the full dilation or erosion, 0 gives back the input.</param>
    /// <param name="generator">The random source; pass a seeded one for reproducible results.</param>
    /// <returns>A new tensor of the same shape.</returns>
    public static Tensor StrokeWidth(Tensor images, double strength = 0.5, Generator? generator = null)
    {
        Validate(images);
        ArgumentOutOfRangeException.ThrowIfNegative(strength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(strength, 1.0);

        using var scope = NewDisposeScope();
        var count = images.shape[0];

        // Max pooling commutes with a normalisation that scales by a positive factor, so it dilates normalised ink too.
        var dilated = F.max_pool2d(images, kernel_size: 3, stride: 1, padding: 1);
        var eroded = -F.max_pool2d(-images, kernel_size: 3, stride: 1, padding: 1);
        var amount = Uniform(count, strength, generator, images).reshape(count, 1, 1, 1);
        var thicker = amount.relu() * dilated.Plus(-images);
        var thinner = (-amount).relu() * eroded.Plus(-images);
        return images.Plus(thicker).Plus(thinner).MoveToOuterDisposeScope();
    }

    private static Tensor Resample(Tensor images, Tensor grid)
    {
        // grid_sample pads with zeros; shifting by the background first makes the padding the background.
        var background = images.amin([1, 2, 3], keepdim: true);
        var sampled = F.grid_sample(images - background, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        return sampled.Plus(background);
    }

    private static Tensor Uniform(long count, double limit, Generator? generator, Tensor like)
        => rand([count], dtype: like.dtype, device: like.device, generator: generator).Times(2).Minus(1).Times(limit);

    private static Tensor GaussianKernel(double sigma, Tensor like)
    {
        var radius = (long)Math.Ceiling(3 * sigma);
        var x = arange(-radius, radius + 1, dtype: like.dtype, device: like.device);
        var kernel = (-(x * x)).DividedBy(2 * sigma * sigma).exp();
        return kernel / kernel.sum();
    }

    private static void Validate(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || !images.is_floating_point())
        {
            throw new ArgumentException($"Augmentation works on a float batch [count, channels, height, width], not {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }
    }
}
