using System.Buffers.Binary;
using System.Text;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// A checkpoint file's bytes as the format table in <c>Checkpoint</c>'s remarks lays them out, read here independently
/// of the SDK's reader, so the tests check the documented layout rather than the code against itself.
/// </summary>
internal static class CheckpointBytes
{
    /// <summary>The magic, the version and the three lengths of format 2, then the header's checksum.</summary>
    public const int HeaderLength = 32;

    /// <summary>Where each section of a format-2 file starts and how long it is, from its header.</summary>
    public static (Section Manifest, Section Weights, Section OptimizerState) Sections(byte[] file)
    {
        Assert.Equal("DIGITCKP"u8.ToArray(), file[..8]);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8)));
        var manifest = new Section(HeaderLength + 4, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12)));
        var weights = new Section(manifest.End + 4, checked((int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(16))));
        var optimizerState = new Section(weights.End + 4, checked((int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(24))));
        Assert.Equal(file.Length, optimizerState.End + 4 + 8);
        return (manifest, weights, optimizerState);
    }

    /// <summary>
    /// The same checkpoint in format 1, as Digits.Sdk wrote it before checkpoints carried checksums: the magic, the
    /// version 1, each section after its length (int32 for the manifest, int64 for the others), the end marker.
    /// </summary>
    public static byte[] AsFormat1(byte[] file)
    {
        var (manifest, weights, optimizerState) = Sections(file);
        var json = Encoding.UTF8.GetString(file, manifest.Offset, manifest.Length);
        Assert.Contains("\"formatVersion\":2,", json, StringComparison.Ordinal);
        var oldJson = Encoding.UTF8.GetBytes(json.Replace("\"formatVersion\":2,", "\"formatVersion\":1,", StringComparison.Ordinal));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("DIGITCKP"u8);
            writer.Write(1);
            writer.Write(oldJson.Length);
            writer.Write(oldJson);
            writer.Write((long)weights.Length);
            writer.Write(file.AsSpan(weights.Offset, weights.Length));
            writer.Write((long)optimizerState.Length);
            writer.Write(file.AsSpan(optimizerState.Offset, optimizerState.Length));
            writer.Write("DIGITEND"u8);
        }

        return stream.ToArray();
    }

    /// <summary>A copy of <paramref name="file"/> with <paramref name="count"/> bytes from <paramref name="offset"/> inverted.</summary>
    public static byte[] Flip(byte[] file, int offset, int count)
    {
        var copy = file.ToArray();
        for (var i = offset; i < offset + count; i++)
        {
            copy[i] ^= 0xFF;
        }

        return copy;
    }

    /// <summary>A copy of <paramref name="file"/> with bit <paramref name="bit"/> of the byte at <paramref name="offset"/> flipped.</summary>
    public static byte[] FlipBit(byte[] file, int offset, int bit)
    {
        var copy = file.ToArray();
        copy[offset] ^= (byte)(1 << bit);
        return copy;
    }

    /// <summary>Where a section's bytes are; its CRC-32C follows at <see cref="End"/>.</summary>
    public readonly record struct Section(int Offset, int Length)
    {
        public int End => Offset + Length;
    }
}
