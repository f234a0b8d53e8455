using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Digits.Sdk.Training;

/// <summary>
/// The container around a checkpoint's three sections (manifest, weights, optimizer state): the magic, the format
/// version, the section lengths, the checksums and the end marker, as the remarks of <see cref="Checkpoint"/> lay them
/// out. It knows where the sections are and that they are intact, not what they hold.
/// </summary>
/// <remarks>
/// <para>Format 2 puts every length in a header that has its own checksum, and a checksum after each section, so
/// before anything is parsed every byte of the file is either compared with a constant (the magic, the end marker) or
/// covered by a checksum: damage is found by the container, not by the parsers behind it, and the message names the
/// section and its offsets.</para>
/// <para>Format 1, written before version 2 of the format, has neither; it is still read, and
/// <see cref="Layout.HasChecksums"/> says so.</para>
/// </remarks>
internal static class CheckpointFile
{
    /// <summary>The format written now: a header and three sections, each followed by its checksum.</summary>
    public const int Version = 2;

    /// <summary>The first format: the same sections, with their lengths inline and no checksums.</summary>
    public const int UncheckedVersion = 1;

    /// <summary>The magic, the version, the manifest length (int32) and the weights and optimizer state lengths (int64).</summary>
    private const int HeaderLength = 8 + 4 + 4 + 8 + 8;

    private const int ChecksumLength = 4;

    /// <summary>What follows the optimizer state's checksum.</summary>
    private const int EndMarkerLength = 8;

    private static ReadOnlySpan<byte> Magic => "DIGITCKP"u8;

    private static ReadOnlySpan<byte> EndMarker => "DIGITEND"u8;

    /// <summary>The CRC-32C (Castagnoli) checksum of <paramref name="bytes"/>.</summary>
    /// <remarks>
    /// Why CRC-32C rather than xxHash or SHA-256: what a checkpoint needs protecting from is accidental damage (a disk,
    /// a copy, a transfer); a deliberate change cannot be stopped by any checksum stored in the file itself, since
    /// whoever rewrites the file rewrites the checksum too. Against accidental damage a CRC gives a guarantee rather
    /// than a probability: every burst of up to 32 changed bits, so every changed byte and every flipped bit, is
    /// detected with certainty, and any other damage escapes with a chance of 2^-32. xxHash promises no such bound for
    /// small changes, and SHA-256's strength is against adversaries, which the file cannot stop anyway. Castagnoli's
    /// polynomial has a larger Hamming distance than zlib's CRC-32 and a processor instruction on x64 and ARM64, so
    /// checking a section costs less than reading it from disk (System.IO.Hashing runs at several GB/s).
    /// </remarks>
    public static uint Checksum(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes);

    /// <summary>Writes a format-2 checkpoint of the three sections to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> manifest, ReadOnlySpan<byte> weights, ReadOnlySpan<byte> optimizerState)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], manifest.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], weights.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], optimizerState.Length);
        WriteWithChecksum(stream, header);
        WriteWithChecksum(stream, manifest);
        WriteWithChecksum(stream, weights);
        WriteWithChecksum(stream, optimizerState);
        stream.Write(EndMarker);
    }

    /// <summary>Finds the sections of the checkpoint <paramref name="bytes"/> and checks that they are intact.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is truncated, or is damaged; the message names the section and the offset.</exception>
    public static Layout Read(byte[] bytes, string path)
    {
        if (!bytes.AsSpan().StartsWith(Magic))
        {
            throw Magic.StartsWith(bytes)
                ? Truncated(path, bytes, "the magic 'DIGITCKP'", Magic.Length, 0)
                : new InvalidDataException($"'{path}' is not a Digits.Sdk checkpoint: it does not start with 'DIGITCKP' (offset 0).");
        }

        if (bytes.Length < Magic.Length + 4)
        {
            throw Truncated(path, bytes, "the format version", 4, Magic.Length);
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        return version switch
        {
            Version => ReadChecked(bytes, path),
            UncheckedVersion => ReadUnchecked(bytes, path),
            _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is a checkpoint of format version {version}, but this version of Digits.Sdk reads versions {UncheckedVersion} and {Version} (offset 8).")),
        };
    }

    /// <summary>
    /// Recomputes every checksum of a format-2 file whose header and sections fit in it, as far as they fit: the fuzzing
    /// harness uses it to get past the checksums to the parsers behind them.
    /// </summary>
    /// <returns>Whether any checksum changed.</returns>
    public static bool Reseal(Span<byte> bytes)
    {
        if (bytes.Length < HeaderLength + ChecksumLength || !bytes.StartsWith(Magic) || BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) != Version)
        {
            return false;
        }

        var changed = Seal(bytes, 0, HeaderLength);
        var offset = (long)HeaderLength + ChecksumLength;
        foreach (var length in DeclaredLengths(bytes))
        {
            if (length < 0 || length > bytes.Length - offset - ChecksumLength)
            {
                break;
            }

            changed |= Seal(bytes, (int)offset, (int)length);
            offset += length + ChecksumLength;
        }

        return changed;
    }

    private static Layout ReadChecked(byte[] bytes, string path)
    {
        if (bytes.Length < HeaderLength + ChecksumLength)
        {
            throw Truncated(path, bytes, "the header", HeaderLength + ChecksumLength, 0);
        }

        Verify(bytes, path, "header", new Section(0, HeaderLength));
        var lengths = DeclaredLengths(bytes);
        if (lengths.Any(length => length is < 0 or > int.MaxValue))
        {
            // The header's checksum matched, so only a writer that is not Digits.Sdk's can have put this here.
            throw new InvalidDataException($"'{path}' is damaged: its header (offset 12) declares section lengths [{string.Join(", ", lengths)}], which no checkpoint can have.");
        }

        var sections = new Section[3];
        var names = new[] { "manifest", "weights", "optimizer state" };
        var offset = (long)HeaderLength + ChecksumLength;
        for (var i = 0; i < sections.Length; i++)
        {
            if (offset + lengths[i] + ChecksumLength > bytes.Length)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is truncated: its {names[i]} section ({lengths[i]} bytes from offset {offset}) and its checksum end past the end of the file ({bytes.Length} bytes)."));
            }

            sections[i] = new Section((int)offset, (int)lengths[i]);
            offset += lengths[i] + ChecksumLength;
        }

        if (offset + EndMarkerLength != bytes.Length || !bytes.AsSpan((int)Math.Min(offset, bytes.Length)).StartsWith(EndMarker))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is {(offset + EndMarkerLength > bytes.Length ? "truncated" : "damaged")}: expected the end marker 'DIGITEND' at offset {offset} and then the end of the file, which has {bytes.Length} bytes."));
        }

        for (var i = 0; i < sections.Length; i++)
        {
            Verify(bytes, path, names[i], sections[i]);
        }

        return new Layout(Version, sections[0], sections[1], sections[2]);
    }

    /// <summary>Format 1: the magic, the version, then each section after its length, then the end marker; no checksums.</summary>
    private static Layout ReadUnchecked(byte[] bytes, string path)
    {
        var offset = Magic.Length + 4;
        var manifestLength = BinaryPrimitives.ReadInt32LittleEndian(Take(bytes, ref offset, 4, path, "the manifest length"));
        var manifestOffset = offset;
        Take(bytes, ref offset, manifestLength, path, "the JSON manifest");
        var manifest = new Section(manifestOffset, manifestLength);
        var weights = TakeSection(bytes, ref offset, path, "the weights");
        var optimizerState = TakeSection(bytes, ref offset, path, "the optimizer state");
        var end = Take(bytes, ref offset, EndMarkerLength, path, "the end marker 'DIGITEND'");
        if (!end.SequenceEqual(EndMarker) || offset != bytes.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is damaged: expected the end marker 'DIGITEND' at offset {offset - EndMarkerLength} and then the end of the file ({bytes.Length} bytes)."));
        }

        return new Layout(UncheckedVersion, manifest, weights, optimizerState);
    }

    private static long[] DeclaredLengths(ReadOnlySpan<byte> bytes) =>
    [
        BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]),
    ];

    private static void Verify(byte[] bytes, string path, string name, Section section)
    {
        var at = section.Offset + section.Length;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at, ChecksumLength));
        var computed = Checksum(bytes.AsSpan(section.Offset, section.Length));
        if (stored != computed)
        {
            var what = name == "header" ? "header" : name + " section";
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is damaged: its {what} ({section.Length} bytes from offset {section.Offset}) does not match its CRC-32C checksum at offset {at} (stored 0x{stored:x8}, computed 0x{computed:x8})."));
        }
    }

    private static bool Seal(Span<byte> bytes, int offset, int length)
    {
        var checksum = bytes.Slice(offset + length, ChecksumLength);
        var computed = Checksum(bytes.Slice(offset, length));
        if (BinaryPrimitives.ReadUInt32LittleEndian(checksum) == computed)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(checksum, computed);
        return true;
    }

    private static void WriteWithChecksum(Stream stream, ReadOnlySpan<byte> section)
    {
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Checksum(section));
        stream.Write(section);
        stream.Write(checksum);
    }

    private static Section TakeSection(byte[] bytes, ref int offset, string path, string what)
    {
        var lengthOffset = offset;
        var length = BinaryPrimitives.ReadInt64LittleEndian(Take(bytes, ref offset, 8, path, $"the length of {what}"));
        if (length < 0 || length > bytes.Length - offset)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' is truncated or damaged: {what} at offset {lengthOffset} claims {length} bytes, but only {bytes.Length - offset} follow."));
        }

        var start = offset;
        Take(bytes, ref offset, (int)length, path, what);
        return new Section(start, (int)length);
    }

    private static ReadOnlySpan<byte> Take(byte[] bytes, ref int offset, int count, string path, string what)
    {
        if (count < 0 || count > bytes.Length - offset)
        {
            throw Truncated(path, bytes, what, count, offset);
        }

        var span = bytes.AsSpan(offset, count);
        offset += count;
        return span;
    }

    private static InvalidDataException Truncated(string path, byte[] bytes, string what, int count, int offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{path}' is truncated: expected {what} ({count} bytes) at offset {offset}, but the file has {bytes.Length} bytes."));

    /// <summary>Where a section's bytes are in the file.</summary>
    internal readonly record struct Section(int Offset, int Length);

    /// <summary>The format version of a checkpoint file and where its three sections are.</summary>
    internal sealed record Layout(int FormatVersion, Section Manifest, Section Weights, Section OptimizerState)
    {
        /// <summary>Whether the sections were checked against checksums (format 2 on); format 1 has none.</summary>
        public bool HasChecksums => FormatVersion >= Version;
    }
}
