using System.Buffers.Binary;
using System.Globalization;

namespace Digits.Sdk.Contract;

/// <summary>
/// Reads protobuf's wire format, the encoding of ONNX files, one field at a time from bytes already in memory. It is
/// the inference package's own reader (the package depends on ONNX Runtime and SkiaSharp only): small, bounded by the
/// bytes it is given, allocation-free and without recursion, so a damaged or hostile file can cost no more than its
/// own length. Messages are read as spans of the same bytes; nothing is copied.
/// </summary>
/// <remarks>
/// Every length is checked against the bytes that remain before it is used, varints longer than ten bytes are refused,
/// and groups (a deprecated encoding no ONNX writer uses, but one protobuf parsers still skip) are skipped with a
/// bounded nesting depth. A violation is an <see cref="InvalidDataException"/> naming the byte offset in the file.
/// </remarks>
internal ref struct ProtobufReader
{
    /// <summary>How deeply groups may nest before the reader calls the input damaged.</summary>
    private const int MaximumGroupDepth = 64;

    private readonly ReadOnlySpan<byte> bytes;
    private readonly long origin;
    private int position;

    /// <summary>Reads the fields of a message held in <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The message: a sequence of fields.</param>
    /// <param name="origin">Where <paramref name="bytes"/> start in the file, for the offsets errors name.</param>
    public ProtobufReader(ReadOnlySpan<byte> bytes, long origin = 0)
    {
        this.bytes = bytes;
        this.origin = origin;
    }

    /// <summary>The wire types of protobuf's encoding.</summary>
    public enum WireType
    {
        /// <summary>A base-128 varint: integers, enums, booleans.</summary>
        Varint = 0,

        /// <summary>Eight little-endian bytes: fixed64, sfixed64, double.</summary>
        Fixed64 = 1,

        /// <summary>A varint length, then that many bytes: strings, bytes, messages, packed repeated fields.</summary>
        LengthDelimited = 2,

        /// <summary>The start of a group (deprecated).</summary>
        StartGroup = 3,

        /// <summary>The end of a group (deprecated).</summary>
        EndGroup = 4,

        /// <summary>Four little-endian bytes: fixed32, sfixed32, float.</summary>
        Fixed32 = 5,
    }

    /// <summary>The offset in the file of the next byte to read.</summary>
    public readonly long Offset => origin + position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => position >= bytes.Length;

    /// <summary>Reads the next field's key.</summary>
    /// <param name="number">The field number.</param>
    /// <param name="type">How its value is encoded; read or skip the value before the next call.</param>
    /// <returns><see langword="false"/> at the end of the message.</returns>
    /// <exception cref="InvalidDataException">The key is malformed.</exception>
    public bool TryReadField(out int number, out WireType type)
    {
        if (AtEnd)
        {
            (number, type) = (0, default);
            return false;
        }

        var start = Offset;
        var key = ReadVarint();
        var wire = (int)(key & 7);
        var field = key >> 3;
        if (field is 0 or > 0x1FFF_FFFF || wire > (int)WireType.Fixed32)
        {
            throw Damaged(start, string.Create(CultureInfo.InvariantCulture, $"a field key of field {field}, wire type {wire}, which protobuf does not allow"));
        }

        (number, type) = ((int)field, (WireType)wire);
        return true;
    }

    /// <summary>Reads a varint.</summary>
    /// <exception cref="InvalidDataException">It runs past the end or is longer than ten bytes.</exception>
    public ulong ReadVarint()
    {
        var start = Offset;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw Damaged(start, "a number that runs past the end of its message");
            }

            var next = bytes[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw Damaged(start, "a number longer than the ten bytes protobuf allows");
    }

    /// <summary>Reads four little-endian bytes.</summary>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a four-byte value"));

    /// <summary>Reads eight little-endian bytes.</summary>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "an eight-byte value"));

    /// <summary>Reads a length-delimited value (bytes, a string, a message or a packed list) without copying it.</summary>
    /// <param name="start">Where the value starts in the file, for a reader of its fields.</param>
    /// <exception cref="InvalidDataException">Its length runs past the end of the message.</exception>
    public ReadOnlySpan<byte> ReadLengthDelimited(out long start)
    {
        var at = Offset;
        var length = ReadVarint();
        if (length > (ulong)(bytes.Length - position))
        {
            throw Damaged(at, string.Create(CultureInfo.InvariantCulture, $"a value of {length:N0} bytes where {bytes.Length - position:N0} remain"));
        }

        start = Offset;
        return Take((int)length, "a value");
    }

    /// <summary>Skips the value of a field of wire type <paramref name="type"/>.</summary>
    /// <exception cref="InvalidDataException">The value runs past the end, or a group does not end properly.</exception>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8, "an eight-byte value");
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited(out _);
                break;
            case WireType.Fixed32:
                Take(4, "a four-byte value");
                break;
            case WireType.StartGroup:
                SkipGroup();
                break;
            default:
                throw Damaged(Offset, "the end of a group that never started");
        }
    }

    /// <summary>The exception for damage at <paramref name="offset"/>: what was found there, in the user's terms.</summary>
    public static InvalidDataException Damaged(long offset, string found) =>
        new(string.Create(CultureInfo.InvariantCulture, $"at byte {offset:N0} it holds {found}"));

    /// <summary>Skips fields up to the end of the group just started, counting nested groups instead of recursing.</summary>
    private void SkipGroup()
    {
        var start = Offset;
        var depth = 1;
        while (depth > 0)
        {
            if (!TryReadField(out _, out var type))
            {
                throw Damaged(start, "a group that never ends");
            }

            switch (type)
            {
                case WireType.StartGroup:
                    if (++depth > MaximumGroupDepth)
                    {
                        throw Damaged(start, string.Create(CultureInfo.InvariantCulture, $"groups nested more than {MaximumGroupDepth} deep"));
                    }

                    break;
                case WireType.EndGroup:
                    depth--;
                    break;
                default:
                    Skip(type);
                    break;
            }
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > bytes.Length - position)
        {
            throw Damaged(Offset, string.Create(CultureInfo.InvariantCulture, $"{what} cut off by the end of its message"));
        }

        var taken = bytes.Slice(position, count);
        position += count;
        return taken;
    }
}
