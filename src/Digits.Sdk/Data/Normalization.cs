using System.Globalization;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>
/// How pixel values are normalised before they reach a network: a pixel <c>p</c> in 0..255 becomes
/// <c>(p / 255 - Mean) / Std</c>.
/// </summary>
/// <param name="Mean">The mean of all pixels of the training set, on the 0..1 scale.</param>
/// <param name="Std">The standard deviation of those pixels, on the 0..1 scale; must be positive.</param>
public readonly record struct Normalization(double Mean, double Std)
{
    /// <summary>No normalisation beyond scaling to 0..1.</summary>
    public static Normalization UnitRange { get; } = new(0, 1);

    /// <summary>Measures the mean and standard deviation of 8-bit pixels.</summary>
    /// <param name="pixels">Raw pixel values in 0..255.</param>
    /// <returns>The normalisation that gives those pixels mean 0 and standard deviation 1.</returns>
    public static Normalization Measure(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
        {
            return UnitRange;
        }

        Span<long> histogram = stackalloc long[256];
        foreach (var pixel in pixels)
        {
            histogram[pixel]++;
        }

        double sum = 0;
        double sumOfSquares = 0;
        for (var value = 0; value < 256; value++)
        {
            var scaled = value / 255.0;
            sum += histogram[value] * scaled;
            sumOfSquares += histogram[value] * scaled * scaled;
        }

        var mean = sum / pixels.Length;
        var variance = Math.Max(sumOfSquares / pixels.Length - mean * mean, 0);
        var std = Math.Sqrt(variance);
        return new Normalization(mean, std > 0 ? std : 1);
    }

    /// <summary>Maps normalised values back to the 0..1 pixel scale (for display and augmentation).</summary>
    /// <param name="normalized">A tensor normalised with this normalisation.</param>
    /// <returns>A new tensor on the 0..1 scale.</returns>
    public Tensor Denormalize(Tensor normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        return normalized * Std + Mean;
    }

    /// <summary>Normalises values on the 0..1 pixel scale.</summary>
    /// <param name="unit">A tensor with pixels on the 0..1 scale.</param>
    /// <returns>A new normalised tensor.</returns>
    public Tensor Normalize(Tensor unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return (unit - Mean) / Std;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"mean {Mean:0.####}, std {Std:0.####}");
}
