using System.Globalization;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>
/// The content of one IDX file: its element type, its dimensions and its elements in row-major order.
/// </summary>
/// <remarks>
/// The payload is kept in the machine's byte order (IDX stores big-endian), so <see cref="AsSpan{T}"/> reads
/// the values directly. The array owns its payload and never shares it with the caller.
/// </remarks>
public sealed class IdxArray
{
    private readonly byte[] payload;
    private readonly int[] dimensions;

    /// <summary>Creates an array from typed elements; the elements are copied.</summary>
    /// <typeparam name="T"><see cref="byte"/>, <see cref="sbyte"/>, <see cref="short"/>, <see cref="int"/>, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="dimensions">The size of each dimension, outermost first; each must be positive.</param>
    /// <param name="elements">The elements in row-major order; their count must be the product of the dimensions.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentException">A dimension is not positive, or the element count does not match.</exception>
    public static IdxArray Create<T>(ReadOnlySpan<int> dimensions, ReadOnlySpan<T> elements)
        where T : unmanaged
    {
        var type = IdxElementTypes.Of<T>();
        return new IdxArray(type, dimensions.ToArray(), MemoryMarshal.AsBytes(elements).ToArray());
    }

    internal IdxArray(IdxElementType type, int[] dimensions, byte[] payload)
    {
        if (dimensions.Length is 0 or > byte.MaxValue)
        {
            throw new ArgumentException($"An IDX array has between 1 and 255 dimensions, not {dimensions.Length}.", nameof(dimensions));
        }

        long count = 1;
        foreach (var dimension in dimensions)
        {
            if (dimension <= 0)
            {
                throw new ArgumentException($"Every IDX dimension must be positive, but [{string.Join(", ", dimensions)}] has {dimension}.", nameof(dimensions));
            }

            count = checked(count * dimension);
        }

        if (checked(count * IdxElementTypes.SizeOf(type)) != payload.LongLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Dimensions [{string.Join(", ", dimensions)}] of {type} need {count} elements, but {payload.Length / IdxElementTypes.SizeOf(type)} were given."),
                nameof(dimensions));
        }

        ElementType = type;
        this.dimensions = dimensions;
        this.payload = payload;
        ElementCount = count;
    }

    /// <summary>The type of every element.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>The size of each dimension, outermost first (for MNIST images: count, rows, columns).</summary>
    public IReadOnlyList<int> Dimensions => dimensions;

    /// <summary>The number of elements: the product of <see cref="Dimensions"/>.</summary>
    public long ElementCount { get; }

    /// <summary>The elements' bytes in row-major order and in the machine's byte order.</summary>
    public ReadOnlySpan<byte> Payload => payload;

    /// <summary>The elements as values of <typeparamref name="T"/>, which must match <see cref="ElementType"/>.</summary>
    /// <typeparam name="T">The CLR type of <see cref="ElementType"/> (for example <see cref="byte"/> for <see cref="IdxElementType.UnsignedByte"/>).</typeparam>
    /// <returns>A read-only view of the elements.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the element type.</exception>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged
    {
        var requested = IdxElementTypes.Of<T>();
        if (requested != ElementType)
        {
            throw new InvalidOperationException($"This IDX array holds {ElementType} elements; read them as that type, not as {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(payload);
    }

    /// <summary>Copies the array into a new CPU tensor of the matching scalar type and the same shape.</summary>
    /// <returns>A tensor the caller owns and must dispose.</returns>
    public Tensor ToTensor()
    {
        var tensor = empty(dimensions.Select(d => (long)d).ToArray(), IdxElementTypes.ToScalarType(ElementType));
        payload.CopyTo(tensor.bytes);
        return tensor;
    }

    internal byte[] PayloadArray => payload;
}
