namespace Digits.Sdk.Inference;

/// <summary>Scales grayscale pictures, anti-aliased when shrinking, bilinear when enlarging.</summary>
internal static class Resampler
{
    /// <summary>
    /// Separable resampling of a window of <paramref name="source"/> with a triangle filter whose support
    /// widens with the reduction, so that shrinking averages every source pixel (anti-aliasing) and enlarging
    /// interpolates bilinearly.
    /// </summary>
    public static float[] Resample(float[] source, int sourceWidth, int top, int left, int height, int width, int targetHeight, int targetWidth)
    {
        var rowWeights = Weights(height, targetHeight);
        var columnWeights = Weights(width, targetWidth);
        var horizontal = new float[height * targetWidth];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < targetWidth; x++)
            {
                var (first, taps) = columnWeights[x];
                var sum = 0f;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum += taps[k] * source[((top + y) * sourceWidth) + left + first + k];
                }

                horizontal[(y * targetWidth) + x] = sum;
            }
        }

        var result = new float[targetHeight * targetWidth];
        for (var y = 0; y < targetHeight; y++)
        {
            var (first, taps) = rowWeights[y];
            for (var x = 0; x < targetWidth; x++)
            {
                var sum = 0f;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum += taps[k] * horizontal[((first + k) * targetWidth) + x];
                }

                result[(y * targetWidth) + x] = Math.Clamp(sum, 0, 1);
            }
        }

        return result;
    }

    private static (int First, float[] Taps)[] Weights(int sourceSize, int targetSize)
    {
        var scale = (double)targetSize / sourceSize;
        var support = Math.Max(1.0, 1.0 / scale);
        var weights = new (int, float[])[targetSize];
        for (var i = 0; i < targetSize; i++)
        {
            var centre = (i + 0.5) / scale;
            var first = Math.Max(0, (int)Math.Floor(centre - support));
            var last = Math.Min(sourceSize - 1, (int)Math.Ceiling(centre + support));
            var taps = new float[last - first + 1];
            double total = 0;
            for (var k = 0; k < taps.Length; k++)
            {
                var weight = Math.Max(0, 1 - (Math.Abs(first + k + 0.5 - centre) / support));
                taps[k] = (float)weight;
                total += weight;
            }

            for (var k = 0; k < taps.Length; k++)
            {
                taps[k] = total > 0 ? (float)(taps[k] / total) : 1f / taps.Length;
            }

            weights[i] = (first, taps);
        }

        return weights;
    }
}
