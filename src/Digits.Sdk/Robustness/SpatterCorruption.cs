namespace Digits.Sdk.Robustness;

/// <summary>MNIST-C's spatter in its "mud" form: grey blobs of thresholded, smoothed noise laid over the image.</summary>
internal static class SpatterCorruption
{
    // Severity 4, the one MNIST-C uses.
    private const double LiquidMean = 0.65;
    private const double LiquidSpread = 0.3;
    private const double LiquidSigma = 1;
    private const double LiquidThreshold = 0.65;
    private const double BlobSigma = 1.5;
    private const float BlobThreshold = 0.8f;

    /// <summary>The mud's grey, 63 of 255.</summary>
    private const float Mud = 63f / 255f;

    /// <summary>
    /// Gaussian noise (mean 0.65, σ 0.3) is blurred (σ 1); where it stays above 0.65 is liquid; the liquid mask is
    /// blurred (σ 1.5) and kept where at least 0.8, which leaves the cores of the larger blobs; there the image is
    /// blended towards the mud's grey by the mask's value.
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var noise = new float[image.Length];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)(LiquidMean + (LiquidSpread * random.Gaussian()));
        }

        var liquid = GaussianFilter.Blur(noise, geometry, geometry.Scaled(LiquidSigma));
        var wet = new float[image.Length];
        for (var i = 0; i < wet.Length; i++)
        {
            wet[i] = liquid[i] > LiquidThreshold ? 1f : 0f;
        }

        var blobs = GaussianFilter.Blur(wet, geometry, geometry.Scaled(BlobSigma));
        var output = new float[image.Length];
        for (var i = 0; i < output.Length; i++)
        {
            var cover = blobs[i] < BlobThreshold ? 0f : blobs[i];
            output[i] = (image[i] * (1 - cover)) + (Mud * cover);
        }

        return output;
    }
}
