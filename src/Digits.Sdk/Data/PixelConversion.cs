using System.Numerics;
using System.Runtime.InteropServices;

namespace Digits.Sdk.Data;

/// <summary>Turns 8-bit pixels into normalised floats with SIMD, in one pass over memory, and normalised floats back.</summary>
/// <remarks>
/// libtorch's <c>to(float)</c> followed by in-place multiply and add makes three passes and, on a busy
/// machine, its thread pool can take seconds for MNIST; this loop takes tens of milliseconds on one core.
/// </remarks>
internal static class PixelConversion
{
    /// <summary>Writes <c>pixel * scale + offset</c> for every pixel.</summary>
    public static void Normalize(ReadOnlySpan<byte> pixels, Span<float> destination, float scale, float offset)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException("The destination is shorter than the pixels.", nameof(destination));
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated && pixels.Length >= Vector<byte>.Count)
        {
            var scales = new Vector<float>(scale);
            var offsets = new Vector<float>(offset);
            var step = Vector<byte>.Count;
            var perFloat = Vector<float>.Count;
            // Pixels fit in a signed int, and int-to-float has a hardware instruction (uint-to-float may not).
            for (; i <= pixels.Length - step; i += step)
            {
                var bytes = new Vector<byte>(pixels[i..]);
                Vector.Widen(bytes, out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var at = destination[i..];
                (Vector.ConvertToSingle(Vector.AsVectorInt32(a)) * scales + offsets).CopyTo(at);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(b)) * scales + offsets).CopyTo(at[perFloat..]);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(c)) * scales + offsets).CopyTo(at[(2 * perFloat)..]);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(d)) * scales + offsets).CopyTo(at[(3 * perFloat)..]);
            }

        }

        for (; i < pixels.Length; i++)
        {
            destination[i] = pixels[i] * scale + offset;
        }
    }

    /// <summary>
    /// Writes the 8-bit pixel each normalised value stands for: <c>round((value · std + mean) · 255)</c>, clamped to
    /// 0..255, the inverse of <see cref="Normalize"/> for <c>scale = 1 / (255 · std)</c> and <c>offset = −mean / std</c>.
    /// </summary>
    public static void ToPixels(ReadOnlySpan<float> normalized, Span<byte> destination, Normalization normalization)
    {
        if (destination.Length < normalized.Length)
        {
            throw new ArgumentException("The destination is shorter than the values.", nameof(destination));
        }

        var scale = (float)(normalization.Std * 255.0);
        var offset = (float)(normalization.Mean * 255.0);
        for (var i = 0; i < normalized.Length; i++)
        {
            destination[i] = (byte)Math.Clamp(MathF.Round((normalized[i] * scale) + offset), 0f, 255f);
        }
    }

    /// <summary>
    /// The pixels of every sample of <paramref name="data"/> as the IDX file stored them (0..255, row-major, sample after
    /// sample), through <see cref="ToPixels"/>: images read from IDX are <c>pixel * scale + offset</c> in float32, off
    /// from the exact value by far less than half a grey level, so rounding gives back the stored byte.
    /// </summary>
    public static byte[] ToBytes(DigitDataset data)
    {
        using var values = data.Images.cpu().contiguous();
        var pixels = new byte[data.Count * data.ImageShape.Aggregate(1, (product, d) => product * d)];
        ToPixels(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(values.bytes), pixels, data.Normalization);
        return pixels;
    }
}
