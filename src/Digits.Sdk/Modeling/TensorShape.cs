using System.Collections;
using System.Globalization;

namespace Digits.Sdk.Modeling;

/// <summary>
/// The shape of one sample as it flows through a network, without the batch dimension:
/// <c>[1, 28, 28]</c> for an MNIST image, <c>[128]</c> after a <c>Linear(128)</c>.
/// </summary>
/// <remarks>Two shapes are equal when they have the same dimensions in the same order.</remarks>
public readonly struct TensorShape : IEquatable<TensorShape>, IReadOnlyList<int>
{
    private readonly int[]? dimensions;

    /// <summary>Creates a shape from its dimensions, outermost first.</summary>
    /// <param name="dimensions">The size of each dimension; each must be positive.</param>
    /// <exception cref="ArgumentException">A dimension is zero or negative.</exception>
    public TensorShape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        foreach (var dimension in dimensions)
        {
            if (dimension <= 0)
            {
                throw new ArgumentException($"Every dimension of a shape must be positive, but {Format(dimensions)} has {dimension}.", nameof(dimensions));
            }
        }

        this.dimensions = (int[])dimensions.Clone();
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Dimensions.Length;

    /// <summary>The number of dimensions (same as <see cref="Rank"/>).</summary>
    public int Count => Rank;

    /// <summary>The number of elements in one sample: the product of the dimensions.</summary>
    public long ElementCount
    {
        get
        {
            long product = 1;
            foreach (var dimension in Dimensions)
            {
                product *= dimension;
            }

            return product;
        }
    }

    /// <summary>The size of dimension <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based dimension index.</param>
    public int this[int index] => Dimensions[index];

    private int[] Dimensions => dimensions ?? [];

    /// <summary>The dimensions with a leading batch dimension, as TorchSharp expects them.</summary>
    /// <param name="batchSize">The batch size to put in front.</param>
    public long[] WithBatch(long batchSize)
    {
        var shape = new long[Rank + 1];
        shape[0] = batchSize;
        for (var i = 0; i < Rank; i++)
        {
            shape[i + 1] = Dimensions[i];
        }

        return shape;
    }

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])Dimensions.Clone();

    /// <inheritdoc/>
    public bool Equals(TensorShape other) => Dimensions.AsSpan().SequenceEqual(other.Dimensions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var dimension in Dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <summary>The shape as <c>[1, 28, 28]</c>.</summary>
    public override string ToString() => Format(Dimensions);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dimensions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether two shapes are equal.</summary>
    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    /// <summary>Whether two shapes differ.</summary>
    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    private static string Format(int[] dimensions) =>
        "[" + string.Join(", ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
