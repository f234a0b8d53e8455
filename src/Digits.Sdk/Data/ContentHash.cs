using System.IO.Compression;
using System.Security.Cryptography;

namespace Digits.Sdk.Data;

/// <summary>Checksums of data-set files: of the decompressed content (the robust identity) and of the raw bytes.</summary>
internal static class ContentHash
{
    /// <summary>The SHA-256 of a file's content, decompressing it first when it starts with the gzip magic.</summary>
    public static string OfFile(string path)
    {
        using var file = File.OpenRead(path);
        var first = new byte[2];
        var sniffed = file.ReadAtLeast(first, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (sniffed == 2 && first[0] == 0x1F && first[1] == 0x8B)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Convert.ToHexStringLower(SHA256.HashData(gzip));
        }

        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>The MD5 of a file's bytes as stored.</summary>
    public static string Md5OfFile(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(file));
    }

    /// <summary>Whether a file starts with the gzip magic bytes.</summary>
    public static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
    }
}
