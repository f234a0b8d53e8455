using System.IO.Compression;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Data;

/// <summary>Builds IDX files byte by byte, including broken ones the writer would never produce.</summary>
internal static class IdxFiles
{
    public static byte[] Header(byte type, params uint[] dimensions)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        header[2] = type;
        header[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        }

        return header;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static string Save(TemporaryFolder folder, string name, byte[] bytes)
    {
        var path = folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
