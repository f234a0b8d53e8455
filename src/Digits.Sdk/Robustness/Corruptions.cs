using System.Runtime.InteropServices;
using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Robustness;

/// <summary>
/// The MNIST-C corruption suite (Mu &amp; Gilmer, 2019): 15 families of corruptions written from the paper's
/// descriptions, each at the severity the benchmark uses, seeded and deterministic. Apply one to an image
/// (<see cref="Apply"/>) or to a whole data set (<see cref="Corrupt"/>); train with them through
/// <see cref="Augment.Corruptions"/>.
/// </summary>
/// <remarks>
/// Images are MNIST's polarity: ink bright (255) on black (0). The paper defines its lengths (shifts, blur widths,
/// line positions) on 28 × 28 images; other sizes scale them with the smaller side, so a 28 × 28 image gets exactly the
/// paper's corruption. The random draws come from a generator whose sequence is fixed by its definition, so a seed gives
/// the same image on every machine.
/// </remarks>
/// <example>
/// <code>
/// using var test = await Datasets.Mnist.LoadTestAsync();
/// foreach (var corruption in Corruptions.All)
/// {
///     using var corrupted = Corruptions.Corrupt(test, corruption, seed: 0);
///     // evaluate a network on corrupted ...
/// }
/// </code>
/// </example>
public static class Corruptions
{
    private static readonly string[] Names =
    [
        "shot_noise", "impulse_noise", "glass_blur", "motion_blur", "shear", "scale", "rotate", "brightness",
        "translate", "stripe", "fog", "spatter", "dotted_line", "zigzag", "canny_edges",
    ];

    /// <summary>The 15 families in the paper's order.</summary>
    public static IReadOnlyList<Corruption> All { get; } = Enum.GetValues<Corruption>();

    /// <summary>The name of a family as MNIST-C's folders spell it, such as <c>shot_noise</c> or <c>canny_edges</c>.</summary>
    /// <param name="corruption">A family.</param>
    /// <returns>The folder name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the 15 families.</exception>
    public static string Name(Corruption corruption)
        => (uint)corruption < (uint)Names.Length
            ? Names[(int)corruption]
            : throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "Not one of MNIST-C's 15 corruption families.");

    /// <summary>Finds a family by its MNIST-C name (see <see cref="Name"/>), in any case.</summary>
    /// <param name="name">A name such as <c>fog</c> or <c>Dotted_Line</c>; surrounding spaces are ignored.</param>
    /// <param name="corruption">The family, when found.</param>
    /// <returns>Whether the name is one of the 15.</returns>
    public static bool TryParse(string? name, out Corruption corruption)
    {
        var trimmed = name?.Trim();
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                corruption = (Corruption)i;
                return true;
            }
        }

        corruption = default;
        return false;
    }

    /// <summary>
    /// Reads a list of families: <c>all</c> for the 15 in the paper's order, or MNIST-C names separated by commas, such
    /// as <c>fog,stripe,canny_edges</c> (in that order, each once).
    /// </summary>
    /// <param name="list">The list, in any case.</param>
    /// <returns>The families.</returns>
    /// <exception cref="ArgumentException">The list is empty, names a family twice, or holds a name that is not a family; the message lists the valid names.</exception>
    public static IReadOnlyList<Corruption> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        var families = new List<Corruption>();
        foreach (var part in list.Split(','))
        {
            if (!TryParse(part, out var corruption))
            {
                var what = part.Trim().Length == 0 ? "An empty name" : $"'{part.Trim()}'";
                throw new ArgumentException($"{what} is not an MNIST-C corruption; use 'all' or a comma-separated list of {string.Join(", ", Names)}.", nameof(list));
            }

            if (families.Contains(corruption))
            {
                throw new ArgumentException($"'{Name(corruption)}' is listed twice; name each corruption once.", nameof(list));
            }

            families.Add(corruption);
        }

        return families;
    }

    /// <summary>Writes a list of families as <see cref="Parse"/> reads it: <c>all</c> for all 15 in order, else their names with commas.</summary>
    /// <param name="families">The families.</param>
    /// <returns>The text.</returns>
    public static string Format(IReadOnlyList<Corruption> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        return families.SequenceEqual(All) ? "all" : string.Join(",", families.Select(Name));
    }

    /// <summary>Corrupts one image with one family at the paper's severity.</summary>
    /// <param name="corruption">The family.</param>
    /// <param name="image">The pixels, row-major, <paramref name="height"/> × <paramref name="width"/>, ink bright (255) on black (0) as in MNIST.</param>
    /// <param name="height">The image's height in pixels.</param>
    /// <param name="width">The image's width in pixels.</param>
    /// <param name="seed">The seed of the family's random draws; the same image and seed always give the same result.</param>
    /// <returns>A new image of the same size.</returns>
    /// <exception cref="ArgumentException">The image does not have <paramref name="height"/> × <paramref name="width"/> pixels, or is smaller than 8 × 8.</exception>
    public static byte[] Apply(Corruption corruption, ReadOnlySpan<byte> image, int height, int width, int seed)
    {
        var geometry = Check(image, height, width);
        var unit = new float[image.Length];
        for (var i = 0; i < unit.Length; i++)
        {
            unit[i] = image[i] / 255f;
        }

        var corrupted = CorruptUnitScale(corruption, unit, geometry, seed);
        var output = new byte[corrupted.Length];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (byte)Math.Clamp(MathF.Round(corrupted[i] * 255f), 0f, 255f);
        }

        return output;
    }

    /// <summary>
    /// A copy of a data set with every image corrupted by one family: the same labels, identity and normalisation.
    /// Image <c>i</c> gets the seed that <paramref name="seed"/> and <c>i</c> make together, so the result depends only on
    /// the data set and the seed (MNIST-C's test set is this for each family, up to the random draws).
    /// </summary>
    /// <param name="dataset">Single-channel images in MNIST's polarity (ink brighter than the background).</param>
    /// <param name="corruption">The family.</param>
    /// <param name="seed">The seed of the whole set.</param>
    /// <returns>A new data set the caller owns, named like <c>mnist/test/fog</c>.</returns>
    /// <exception cref="ArgumentException">The images have more than one channel or are smaller than 8 × 8.</exception>
    public static DigitDataset Corrupt(DigitDataset dataset, Corruption corruption, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var name = Name(corruption);
        var (channels, height, width) = (dataset.ImageShape[0], dataset.ImageShape[1], dataset.ImageShape[2]);
        if (channels != 1)
        {
            throw new ArgumentException($"MNIST-C's corruptions work on grey images, but {dataset.Name} has {channels} channels.", nameof(dataset));
        }

        var pixelsPerImage = height * width;
        using var source = dataset.Images.cpu().contiguous();
        var values = MemoryMarshal.Cast<byte, float>(source.bytes);
        var output = new float[values.Length];
        var pixels = new byte[pixelsPerImage];
        var normalization = dataset.Normalization;
        var scale = (float)(1.0 / (255.0 * normalization.Std));
        var offset = (float)(-normalization.Mean / normalization.Std);
        for (var i = 0; i < dataset.Count; i++)
        {
            PixelConversion.ToPixels(values.Slice(i * pixelsPerImage, pixelsPerImage), pixels, normalization);
            var corrupted = Apply(corruption, pixels, height, width, ImageSeed(seed, i));
            PixelConversion.Normalize(corrupted, output.AsSpan(i * pixelsPerImage, pixelsPerImage), scale, offset);
        }

        var images = tensor(output, [dataset.Count, 1, height, width]);
        try
        {
            return new DigitDataset(images, dataset.Labels.clone(), dataset.Identity, $"{dataset.Name}/{name}");
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    /// <summary>The seed of image <paramref name="index"/> of a set corrupted with <paramref name="seed"/>: one SplitMix step of the pair.</summary>
    internal static int ImageSeed(int seed, int index) => (int)new DeterministicRandom(seed, index + 1L).NextUInt64();

    /// <summary>Corrupts an image on the 0..1 scale; the result may stray outside 0..1 only where the family allows, and is clipped by the caller.</summary>
    internal static float[] CorruptUnitScale(Corruption corruption, float[] image, ImageGeometry geometry, int seed)
    {
        var random = new CorruptionRandom(seed);
        return corruption switch
        {
            Corruption.ShotNoise => NoiseCorruptions.Shot(image, ref random),
            Corruption.ImpulseNoise => NoiseCorruptions.Impulse(image, ref random),
            Corruption.GlassBlur => BlurCorruptions.Glass(image, geometry, ref random),
            Corruption.MotionBlur => BlurCorruptions.Motion(image, geometry, ref random),
            Corruption.Shear => GeometricCorruptions.Shear(image, geometry, ref random),
            Corruption.Scale => GeometricCorruptions.Scale(image, geometry),
            Corruption.Rotate => GeometricCorruptions.Rotate(image, geometry, ref random),
            Corruption.Brightness => ToneCorruptions.Brightness(image),
            Corruption.Translate => GeometricCorruptions.Translate(image, geometry, ref random),
            Corruption.Stripe => ToneCorruptions.Stripe(image, geometry),
            Corruption.Fog => ToneCorruptions.Fog(image, geometry, ref random),
            Corruption.Spatter => SpatterCorruption.Apply(image, geometry, ref random),
            Corruption.DottedLine => LineCorruptions.DottedLine(image, geometry, ref random),
            Corruption.Zigzag => LineCorruptions.Zigzag(image, geometry, ref random),
            Corruption.CannyEdges => CannyEdgeDetector.Detect(image, geometry),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "Not one of MNIST-C's 15 corruption families."),
        };
    }

    private static ImageGeometry Check(ReadOnlySpan<byte> image, int height, int width)
    {
        // Below 8 pixels a side the paper's lengths (3-pixel shifts, 2-pixel dashes, 1-pixel borders) stop making sense.
        const int smallest = 8;
        if (height < smallest || width < smallest)
        {
            throw new ArgumentException($"A corrupted image must be at least {smallest} × {smallest} pixels, not {height} × {width}.", nameof(height));
        }

        if (image.Length != height * width)
        {
            throw new ArgumentException($"The image has {image.Length} pixels, but {height} × {width} = {height * width}; pass its real height and width.", nameof(image));
        }

        return new ImageGeometry(height, width);
    }
}
