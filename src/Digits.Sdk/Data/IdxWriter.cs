using System.Buffers.Binary;
using System.IO.Compression;

namespace Digits.Sdk.Data;

/// <summary>Writes IDX files that <see cref="IdxReader"/> (and numpy, torchvision, the original MNIST tools) can read.</summary>
/// <example>
/// <code>
/// var labels = IdxArray.Create&lt;byte&gt;([3], [7, 2, 1]);
/// IdxWriter.Write("labels-idx1-ubyte.gz", labels, compress: true);
/// </code>
/// </example>
public static class IdxWriter
{
    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/>. The file is written under a temporary name
    /// and renamed when complete, so a crash never leaves a half-written file under the final name.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="array">The content.</param>
    /// <param name="compress">Whether to gzip the file; by default when <paramref name="path"/> ends in <c>.gz</c>.</param>
    public static void Write(string path, IdxArray array, bool? compress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (compress ?? full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                    Write(gzip, array);
                }
                else
                {
                    Write(file, array);
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="array"/> uncompressed to <paramref name="stream"/>, which is left open.</summary>
    /// <param name="stream">A writable stream (wrap it in a <see cref="GZipStream"/> to compress).</param>
    /// <param name="array">The content.</param>
    public static void Write(Stream stream, IdxArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var dimensions = array.Dimensions;
        Span<byte> header = stackalloc byte[4 + 4 * dimensions.Count];
        header[0] = 0;
        header[1] = 0;
        header[2] = (byte)array.ElementType;
        header[3] = (byte)dimensions.Count;
        for (var i = 0; i < dimensions.Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header[(4 + 4 * i)..], dimensions[i]);
        }

        stream.Write(header);
        if (IdxElementTypes.SizeOf(array.ElementType) == 1 || !BitConverter.IsLittleEndian)
        {
            stream.Write(array.Payload);
            return;
        }

        // Swap a bounded chunk at a time so writing never doubles the payload's memory.
        var chunk = new byte[1 << 16];
        var payload = array.Payload;
        for (var start = 0; start < payload.Length; start += chunk.Length)
        {
            var part = chunk.AsSpan(0, Math.Min(chunk.Length, payload.Length - start));
            payload.Slice(start, part.Length).CopyTo(part);
            IdxElementTypes.SwapByteOrder(array.ElementType, part);
            stream.Write(part);
        }
    }
}
