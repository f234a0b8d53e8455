using System.Buffers.Binary;
using System.Globalization;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// Reads one section of a checkpoint in TorchSharp's encodings (LEB128 numbers, .NET's <c>BinaryWriter</c> primitives,
/// tensors as a scalar type, a rank, sizes and element bytes) and reports the first thing that is not what the live
/// network or optimizer says must be there, with the byte of the section it is at.
/// </summary>
/// <remarks>
/// The walks of <see cref="CheckpointWeights"/> and <see cref="CheckpointOptimizerState"/> run on this cursor before
/// TorchSharp's readers see the section: those believe the counts they read and allocate for them first.
/// </remarks>
internal ref struct CheckpointSectionCursor
{
    private readonly ReadOnlySpan<byte> section;
    private readonly Func<int, string, InvalidDataException> damaged;

    /// <param name="section">The section's bytes.</param>
    /// <param name="damaged">Makes the exception for "expected <c>what</c> at byte <c>offset</c> of the section".</param>
    public CheckpointSectionCursor(ReadOnlySpan<byte> section, Func<int, string, InvalidDataException> damaged)
    {
        this.section = section;
        this.damaged = damaged;
    }

    /// <summary>The byte of the section the next read starts at.</summary>
    public int At { get; private set; }

    /// <summary>The exception for <paramref name="expected"/> at byte <paramref name="offset"/> of the section.</summary>
    public readonly InvalidDataException Damaged(int offset, string expected) => damaged(offset, expected);

    /// <summary>An unsigned LEB128 number, as TorchSharp and BinaryWriter's 7-bit lengths write it; at most 63 bits.</summary>
    public long ReadNumber(string what)
    {
        var start = At;
        long value = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            if (At >= section.Length)
            {
                throw damaged(start, $"{what}, but the section ends");
            }

            var b = section[At++];
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw damaged(start, $"{what}, but found a number longer than 63 bits");
    }

    /// <summary>Reads a LEB128 number that must equal <paramref name="expected"/>.</summary>
    public void Expect(long expected, string what)
    {
        var start = At;
        if (ReadNumber(what) != expected)
        {
            throw damaged(start, what);
        }
    }

    /// <summary>The next <paramref name="count"/> bytes.</summary>
    public ReadOnlySpan<byte> Take(long count, string what)
    {
        if (count < 0 || count > section.Length - At)
        {
            throw damaged(At, string.Create(CultureInfo.InvariantCulture, $"{what} ({count} bytes), but only {section.Length - At} follow"));
        }

        var bytes = section.Slice(At, (int)count);
        At += (int)count;
        return bytes;
    }

    /// <summary>A <c>BinaryWriter</c> boolean: one byte, 0 or 1 (<c>BinaryReader</c> would take any other byte as true).</summary>
    public bool ReadBoolean(string what)
    {
        var start = At;
        var value = Take(1, what)[0];
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw damaged(start, $"{what} (a boolean, 0 or 1)"),
        };
    }

    /// <summary>A little-endian int64 that must not be negative.</summary>
    public long ReadCount(string what)
    {
        var start = At;
        var value = BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));
        return value >= 0 ? value : throw damaged(start, $"{what} (not negative)");
    }

    /// <summary>A little-endian IEEE double that must be finite.</summary>
    public double ReadFiniteDouble(string what)
    {
        var start = At;
        var value = BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));
        return double.IsFinite(value) ? value : throw damaged(start, $"{what} (a finite number)");
    }

    /// <summary>
    /// A tensor as TorchSharp's <c>Tensor.Save</c> writes it, which must have <paramref name="like"/>'s scalar type and
    /// shape: every field but the elements is known in advance, so each is compared and the elements' length checked.
    /// </summary>
    public void SkipTensorLike(Tensor like, string name)
    {
        Expect((long)like.dtype, $"the scalar type of {name} ({like.dtype})");
        Expect(like.shape.Length, $"the rank of {name} ({like.shape.Length})");
        foreach (var size in like.shape)
        {
            Expect(size, $"the sizes of {name} [{string.Join(", ", like.shape)}]");
        }

        Take(like.numel() * like.ElementSize, $"the elements of {name}");
    }

    /// <summary>Requires the section to end here.</summary>
    public readonly void ExpectEnd()
    {
        if (At != section.Length)
        {
            throw damaged(At, string.Create(CultureInfo.InvariantCulture, $"the end of the section, but {section.Length - At} more bytes follow"));
        }
    }
}
