using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>Facts about each <see cref="IdxElementType"/> that the reader, writer and tensor conversion share.</summary>
internal static class IdxElementTypes
{
    /// <summary>Whether <paramref name="code"/> is one of the six type codes the IDX format defines.</summary>
    public static bool IsDefined(byte code) => code is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E;

    /// <summary>The size of one element in bytes.</summary>
    public static int SizeOf(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Single => 4,
        IdxElementType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX element type."),
    };

    /// <summary>The TorchSharp scalar type that holds the same values without loss.</summary>
    public static ScalarType ToScalarType(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte => ScalarType.Byte,
        IdxElementType.SignedByte => ScalarType.Int8,
        IdxElementType.Int16 => ScalarType.Int16,
        IdxElementType.Int32 => ScalarType.Int32,
        IdxElementType.Single => ScalarType.Float32,
        IdxElementType.Double => ScalarType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX element type."),
    };

    /// <summary>The element type whose CLR representation is <typeparamref name="T"/>.</summary>
    public static IdxElementType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return IdxElementType.UnsignedByte;
        }

        if (typeof(T) == typeof(sbyte))
        {
            return IdxElementType.SignedByte;
        }

        if (typeof(T) == typeof(short))
        {
            return IdxElementType.Int16;
        }

        if (typeof(T) == typeof(int))
        {
            return IdxElementType.Int32;
        }

        if (typeof(T) == typeof(float))
        {
            return IdxElementType.Single;
        }

        if (typeof(T) == typeof(double))
        {
            return IdxElementType.Double;
        }

        throw new NotSupportedException($"IDX files cannot hold elements of type {typeof(T).Name}; use byte, sbyte, short, int, float or double.");
    }

    /// <summary>
    /// Swaps the byte order of every element in place. IDX is big-endian and the payload is kept in host
    /// order, so this runs once after reading and once (on a copy) before writing on little-endian machines.
    /// </summary>
    public static void SwapByteOrder(IdxElementType type, Span<byte> payload)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return;
        }

        switch (SizeOf(type))
        {
            case 2:
                var shorts = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(payload);
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(payload);
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(payload);
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }
}
