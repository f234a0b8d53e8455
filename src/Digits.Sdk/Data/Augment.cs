using System.Runtime.InteropServices;
using Digits.Sdk.Native;
using Digits.Sdk.Robustness;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Digits.Sdk.Data;

/// <summary>
/// Data augmentation on whole batches: random affine transforms and elastic distortion, both resampled with
/// <c>affine_grid</c>/<c>grid_sample</c>, and stroke width, all with tensor operations; and MNIST-C's corruptions,
/// which run per image in plain loops over bytes (<see cref="Robustness.Corruptions"/>). Apply it to training batches only.
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

    /// <summary>
    /// Corrupts a random share of a batch with MNIST-C's corruptions (see <see cref="Robustness.Corruptions"/>): each
    /// image, with probability <paramref name="probability"/>, gets one family drawn uniformly from
    /// <paramref name="families"/> at the paper's severity; the others are left as they are.
    /// </summary>
    /// <param name="images">A float batch <c>[count, 1, height, width]</c>, normalised, with ink brighter than the background (MNIST's polarity).</param>
    /// <param name="probability">The chance, in [0, 1], that an image is corrupted.</param>
    /// <param name="families">The families to draw from, at least one; hold some out to measure generalisation to unseen corruptions.</param>
    /// <param name="generator">The random source of which images, which family and each corruption's seed; pass a seeded one for reproducible results.</param>
    /// <param name="normalization">
    /// How the batch was normalised, to turn it into the 8-bit pixels the corruptions are defined on; pass the data
    /// set's (<see cref="DigitDataset.Normalization"/>). When omitted it is learnt from the batch: its smallest value is
    /// taken as pixel 0 and its largest as 255, which holds for MNIST-like batches (a black background and some fully
    /// inked pixels) but not for a batch without either. The trainer passes the training set's.
    /// </param>
    /// <returns>A new tensor of the same shape; the corrupted images come back in the same normalisation.</returns>
    /// <remarks>
    /// The corruptions run per image on the CPU (they are plain loops over bytes); a 60,000-image epoch with every
    /// image corrupted adds a few seconds on one core (docs/articles/robustness.md has the figures).
    /// </remarks>
    /// <exception cref="ArgumentException">The batch is not single-channel floats, the probability is outside [0, 1], or no family is given.</exception>
    public static Tensor Corruptions(Tensor images, double probability, IReadOnlyList<Corruption> families, Generator? generator = null, Normalization? normalization = null)
    {
        Validate(images);
        ArgumentNullException.ThrowIfNull(families);
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        if (families.Count == 0)
        {
            throw new ArgumentException("Corruption augmentation needs at least one corruption family to draw from.", nameof(families));
        }

        if (images.shape[1] != 1)
        {
            throw new ArgumentException($"MNIST-C's corruptions work on grey images [count, 1, height, width], not [{string.Join(", ", images.shape)}].", nameof(images));
        }

        using var scope = NewDisposeScope();
        var count = (int)images.shape[0];
        var (height, width) = ((int)images.shape[2], (int)images.shape[3]);

        // All draws are made, whatever the probability, so a run's later draws do not depend on it.
        var chosen = rand([count], dtype: ScalarType.Float64, device: images.device, generator: generator).cpu().data<double>().ToArray();
        var picks = randint(0, families.Count, [count], dtype: ScalarType.Int64, device: images.device, generator: generator).cpu().data<long>().ToArray();
        var seeds = randint(int.MinValue, int.MaxValue, [count], dtype: ScalarType.Int64, device: images.device, generator: generator).cpu().data<long>().ToArray();

        var source = images.detach().cpu().to(ScalarType.Float32).contiguous();
        var values = MemoryMarshal.Cast<byte, float>(source.bytes).ToArray();
        var pixelNormalization = normalization ?? FromBatch(source);
        var scale = (float)(1.0 / (255.0 * pixelNormalization.Std));
        var offset = (float)(-pixelNormalization.Mean / pixelNormalization.Std);
        var pixelsPerImage = height * width;
        var pixels = new byte[pixelsPerImage];
        for (var i = 0; i < count; i++)
        {
            if (chosen[i] >= probability)
            {
                continue;
            }

            var image = values.AsSpan(i * pixelsPerImage, pixelsPerImage);
            PixelConversion.ToPixels(image, pixels, pixelNormalization);
            var corrupted = Robustness.Corruptions.Apply(families[(int)picks[i]], pixels, height, width, (int)seeds[i]);
            PixelConversion.Normalize(corrupted, image, scale, offset);
        }

        return tensor(values, images.shape).to(images.dtype).to(images.device).MoveToOuterDisposeScope();
    }

    /// <summary>The normalisation that maps the batch's smallest value to pixel 0 and its largest to pixel 255.</summary>
    private static Normalization FromBatch(Tensor images)
    {
        var low = images.min().item<float>();
        var high = images.max().item<float>();
        if (!(high > low))
        {
            return Normalization.UnitRange;
        }

        // value = (p / 255 - mean) / std with p = 0 at low and p = 255 at high.
        var std = 1.0 / (high - low);
        return new Normalization(-low * std, std);
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
