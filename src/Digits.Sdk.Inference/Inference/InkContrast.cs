namespace Digits.Sdk.Inference;

/// <summary>
/// When a picture or a sample has no ink to read: the one rule <see cref="DigitClassifier"/> applies before it asks the
/// model, so that a blank page is reported as <see cref="Prediction.IsBlank"/> instead of getting the model's guess
/// (a blank white picture used to be called "1" at 85.8%).
/// </summary>
/// <remarks>
/// The thresholds come from measurement. Every one of MNIST's and Fashion-MNIST's 140,000 images spans at least 254 of
/// the 255 grey levels, and the digit preprocessing has always treated ink fainter than 0.1 as noise: digits drawn
/// 25 grey levels or less darker than their paper came out blank and were all read as the blank field's class, while
/// 30 levels and more were read as well as black ink. With the paper removed as <see cref="PaperBackground"/> does and
/// its grain measured there, 59 of 60 blank pages (grain of 0–10 grey levels σ, PNG and JPEG at qualities 30–75,
/// lit evenly, from one side and as a vignette) left a strongest residual of at most 7.5 times their grain; the
/// 60th, a vignette with 6 levels of grain at JPEG quality 30, 15.5 times. Digit pictures of the test suites (tight
/// crops, coarse scans, MNIST-C's brightness, fog and stripe, JPEG, shadowed and stored digits, 200 of each) stood
/// at least 11.5 times above it (fog; tight crops 15.1, the rest 34 and more).
/// </remarks>
internal static class InkContrast
{
    /// <summary>
    /// The least difference between the strongest ink and the background, in intensities of [0, 1] (25.5 grey levels),
    /// that counts as ink.
    /// </summary>
    public const float Minimum = 0.1f;

    /// <summary>How many times the paper's noise (a robust standard deviation) the strongest ink must stand above it.</summary>
    public const float NoiseWidths = 8f;

    /// <summary>Whether intensities (0 = background, 1 = ink) span less than <see cref="Minimum"/>: nothing on them to read.</summary>
    public static bool IsBlank(ReadOnlySpan<float> intensities)
    {
        var (low, high) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var value in intensities)
        {
            // Comparisons, not Math.Min and Math.Max: a NaN among the values is not the sample's contrast.
            low = value < low ? value : low;
            high = value > high ? value : high;
        }

        return !(high - low >= Minimum);
    }

    /// <summary>Whether bytes (0 = background, 255 = ink) span less than <see cref="Minimum"/> of their range.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
        {
            return true;
        }

        var (low, high) = (byte.MaxValue, byte.MinValue);
        foreach (var value in pixels)
        {
            low = Math.Min(low, value);
            high = Math.Max(high, value);
        }

        return (high - low) / 255f < Minimum;
    }

    /// <summary>
    /// Whether the strongest ink of a picture whose paper was removed stands out: at least <see cref="Minimum"/>, and
    /// <see cref="NoiseWidths"/> times the paper's <paramref name="noise"/>, so that a noisy blank page is not taken for ink.
    /// </summary>
    public static bool StandsOut(float strongest, float noise) => strongest >= Minimum && strongest >= NoiseWidths * noise;
}
