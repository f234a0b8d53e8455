using System.Buffers.Binary;
using System.IO.Compression;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>Pictures that are wrong in one way each, built byte by byte so that each is wrong in exactly that way.</summary>
internal static class BadPictures
{
    /// <summary>A well-formed PNG that declares <paramref name="width"/> × <paramref name="height"/> but carries one row of data: a decompression bomb's header.</summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (gray), compression, filter and interlace 0
        Chunk(file, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[1 + Math.Min(width, 4096)]);
        }

        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A JPEG whose frame header declares <paramref name="width"/> × <paramref name="height"/>, followed by nothing real.</summary>
    public static byte[] JpegDeclaring(ushort width, ushort height)
    {
        var frame = new byte[] { 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00 };
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(5), height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(7), width);
        return [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0, .. frame, 0xFF, 0xD9];
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        file.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(data);
        Span<byte> sum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sum, Crc32([.. typeBytes, .. data]));
        file.Write(sum);
    }

    /// <summary>PNG's CRC-32 (ISO 3309), bit by bit: the test pictures are tiny.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
