using System.Buffers.Binary;
using System.Globalization;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>
/// Reads IDX files (the format of MNIST and its relatives): any element type, any number of dimensions,
/// plain or gzip-compressed, recognised by the content's first bytes rather than the file name.
/// </summary>
/// <remarks>
/// Every claim the header makes is checked before the payload is allocated: the dimension sizes, their
/// product, and whether the file could hold that many bytes at all. Any mismatch throws an
/// <see cref="IdxFormatException"/> naming the file, the offset and what was expected.
/// </remarks>
/// <example>
/// <code>
/// using var images = IdxReader.ReadImages("train-images-idx3-ubyte.gz", Datasets.Mnist.Normalization);
/// // images: float32 [60000, 1, 28, 28]
/// </code>
/// </example>
public static class IdxReader
{
    /// <summary>
    /// Payloads above this size in gzip files are read in chunks first and allocated only once their bytes
    /// have actually arrived, because a gzip header cannot say how much content really follows. Streams that cannot
    /// say their length at all (a download, a pipe) are always read that way, whatever the size.
    /// </summary>
    internal const long ChunkedThreshold = 256L << 20;

    /// <summary>The first chunk of a payload whose length the source cannot vouch for.</summary>
    private const int FirstChunk = 64 << 10;

    /// <summary>The largest chunk: past it, chunks stop doubling.</summary>
    private const int LargestChunk = 64 << 20;

    /// <summary>Reads a whole IDX file.</summary>
    /// <param name="path">The file; gzip-compressed or plain.</param>
    /// <returns>The file's element type, dimensions and elements.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var source = IdxSource.Open(path);
        return Read(source);
    }

    /// <summary>Reads a whole IDX document from a stream, which is left open.</summary>
    /// <param name="stream">The content, gzip-compressed or plain, positioned at its start.</param>
    /// <param name="name">The name errors report (for example the file or URL it came from).</param>
    /// <returns>The element type, dimensions and elements.</returns>
    /// <exception cref="IdxFormatException">The content is not a valid IDX document.</exception>
    public static IdxArray Read(Stream stream, string name = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var source = IdxSource.Wrap(stream, name, ownsStream: false);
        return Read(source);
    }

    /// <summary>
    /// Reads an IDX file of 8-bit images straight into a normalised float32 tensor laid out as
    /// <c>[count, channels, height, width]</c> (NCHW), the layout convolution layers expect.
    /// </summary>
    /// <param name="path">An unsigned-byte IDX file with 3 dimensions (count, height, width) or 4 (count, channels, height, width).</param>
    /// <param name="normalization">How to normalise the 0..255 pixels.</param>
    /// <returns>A float32 tensor the caller owns and must dispose.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of 8-bit images.</exception>
    public static Tensor ReadImages(string path, Normalization normalization)
    {
        using var raw = ReadRawImages(path);
        return ToNormalizedFloat(raw, normalization);
    }

    /// <summary>
    /// Reads an IDX file of 8-bit images into a uint8 tensor laid out as <c>[count, channels, height, width]</c>,
    /// with the pixels exactly as stored.
    /// </summary>
    /// <param name="path">An unsigned-byte IDX file with 3 or 4 dimensions.</param>
    /// <returns>A uint8 tensor the caller owns and must dispose.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of 8-bit images.</exception>
    public static Tensor ReadRawImages(string path) => ReadRawImages(path, contentHash: null);

    /// <summary>Reads raw images while feeding every content byte to <paramref name="contentHash"/>.</summary>
    internal static Tensor ReadRawImages(string path, System.Security.Cryptography.IncrementalHash? contentHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var source = IdxSource.Open(path, contentHash);
        var header = ReadHeader(source);
        if (header.ElementType != IdxElementType.UnsignedByte)
        {
            throw source.Error(2, "element type 0x08 (unsigned bytes) for images", Hex((byte)header.ElementType));
        }

        if (header.Dimensions.Length is not (3 or 4))
        {
            throw source.Error(3, "3 dimensions (count, height, width) or 4 (count, channels, height, width) for images", header.Dimensions.Length.ToString(CultureInfo.InvariantCulture));
        }

        var dims = header.Dimensions;
        long[] shape = dims.Length == 3 ? [dims[0], 1, dims[1], dims[2]] : [dims[0], dims[1], dims[2], dims[3]];

        if (source.Compressed && header.PayloadLength > ChunkedThreshold)
        {
            var payload = ReadPayload(source, header);
            var chunked = empty(shape, ScalarType.Byte);
            payload.CopyTo(chunked.bytes);
            return chunked;
        }

        // The common case: decompress straight into the tensor's memory, the payload's only allocation.
        var tensor = empty(shape, ScalarType.Byte);
        try
        {
            var memory = tensor.bytes;
            MemoryAdvice.PreferHugePages(memory);
            source.ReadExactly(memory, PayloadExpectation(header));
            EnsureEnd(source, header);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Converts 0..255 pixels to normalised float32 in a single SIMD pass (see <see cref="PixelConversion"/>).</summary>
    internal static Tensor ToNormalizedFloat(Tensor raw, Normalization normalization)
    {
        var scale = (float)(1.0 / (255.0 * normalization.Std));
        var offset = (float)(-normalization.Mean / normalization.Std);
        var result = empty(raw.shape, ScalarType.Float32);
        try
        {
            var pixels = raw.bytes;
            var memory = result.bytes;
            MemoryAdvice.PreferHugePages(memory);
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(memory);
            PixelConversion.Normalize(pixels, values, scale, offset);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    internal static IdxArray Read(IdxSource source)
    {
        var header = ReadHeader(source);
        var payload = ReadPayload(source, header);
        IdxElementTypes.SwapByteOrder(header.ElementType, payload);
        return new IdxArray(header.ElementType, header.Dimensions, payload);
    }

    /// <summary>Parses and validates the header, and checks the claimed size against what the source can hold.</summary>
    internal static IdxHeader ReadHeader(IdxSource source)
    {
        Span<byte> prefix = stackalloc byte[4];
        source.ReadExactly(prefix, "a 4-byte header: 00 00, a type code and the number of dimensions");
        if (prefix[0] != 0 || prefix[1] != 0)
        {
            throw source.Error(0, "the magic bytes 00 00", $"{Hex(prefix[0])} {Hex(prefix[1])}");
        }

        if (!IdxElementTypes.IsDefined(prefix[2]))
        {
            throw source.Error(2, "a type code 08, 09, 0B, 0C, 0D or 0E", Hex(prefix[2]));
        }

        var type = (IdxElementType)prefix[2];
        int rank = prefix[3];
        if (rank == 0)
        {
            throw source.Error(3, "at least one dimension", "0");
        }

        Span<byte> sizes = stackalloc byte[4 * rank];
        source.ReadExactly(sizes, string.Create(CultureInfo.InvariantCulture, $"{rank} dimension sizes of 4 bytes each"));
        var dimensions = new int[rank];
        long count = 1;
        var overflowed = false;
        for (var i = 0; i < rank; i++)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * i)..]);
            var offset = 4 + 4 * i;
            if (size == 0)
            {
                throw source.Error(offset, string.Create(CultureInfo.InvariantCulture, $"a positive size for dimension {i}"), "0");
            }

            if (size > int.MaxValue)
            {
                throw source.Error(offset, string.Create(CultureInfo.InvariantCulture, $"a size below 2^31 for dimension {i}"), size.ToString(CultureInfo.InvariantCulture));
            }

            dimensions[i] = (int)size;
            overflowed |= count > long.MaxValue / size;
            if (!overflowed)
            {
                count *= size;
            }
        }

        var elementSize = IdxElementTypes.SizeOf(type);
        if (overflowed || count > long.MaxValue / elementSize)
        {
            throw source.Error(4, $"dimensions whose element count fits in 64 bits", $"[{string.Join(", ", dimensions)}]");
        }

        var header = new IdxHeader(type, dimensions, count, count * elementSize);
        var available = source.MaxLength - header.Length;
        if (header.PayloadLength > available)
        {
            var what = source.ExactLength is null
                ? string.Create(CultureInfo.InvariantCulture, $"at most {available} bytes of payload, all this compressed file could hold")
                : string.Create(CultureInfo.InvariantCulture, $"{header.PayloadLength} bytes of payload for {header.Describe()}, but the file holds only {available}");
            throw source.Error(source.ExactLength ?? header.Length, what, source.ExactLength is null ? string.Create(CultureInfo.InvariantCulture, $"a header claiming {header.PayloadLength} bytes ({header.Describe()})") : "the end of the file");
        }

        if (header.PayloadLength > Array.MaxLength)
        {
            throw source.Error(header.Length, string.Create(CultureInfo.InvariantCulture, $"a payload of at most {Array.MaxLength} bytes, the largest this reader holds in memory"), string.Create(CultureInfo.InvariantCulture, $"{header.PayloadLength} bytes ({header.Describe()})"));
        }

        if (source.ExactLength is { } exact && exact > header.Length + header.PayloadLength)
        {
            throw source.Error(header.Length + header.PayloadLength, "the end of the file", string.Create(CultureInfo.InvariantCulture, $"{exact - header.Length - header.PayloadLength} trailing bytes"));
        }

        return header;
    }

    /// <summary>
    /// Reads the payload in big-endian order. When the source bounds its length (a file, plain or gzip) and the payload
    /// is modest, it is read into one exact allocation; otherwise (a stream that cannot say how much follows, or a large
    /// gzip payload) it grows in chunks that double from <see cref="FirstChunk"/>, so a lying header costs only about
    /// twice what really arrives.
    /// </summary>
    internal static byte[] ReadPayload(IdxSource source, IdxHeader header)
    {
        var length = (int)header.PayloadLength;
        byte[] payload;
        var bounded = source.ExactLength is not null || source.MaxLength < long.MaxValue;
        if (source.ExactLength is not null || (bounded && length <= ChunkedThreshold))
        {
            payload = GC.AllocateUninitializedArray<byte>(length);
            source.ReadExactly(payload, PayloadExpectation(header));
        }
        else
        {
            var chunks = new List<byte[]>();
            var remaining = length;
            var arrived = 0;
            while (remaining > 0)
            {
                var size = (int)Math.Min(remaining, Math.Clamp(arrived, FirstChunk, LargestChunk));
                var chunk = GC.AllocateUninitializedArray<byte>(size);
                source.ReadExactly(chunk, PayloadExpectation(header));
                chunks.Add(chunk);
                remaining -= chunk.Length;
                arrived += chunk.Length;
            }

            payload = chunks.Count == 1 ? chunks[0] : GC.AllocateUninitializedArray<byte>(length);
            if (chunks.Count > 1)
            {
                var at = 0;
                foreach (var chunk in chunks)
                {
                    chunk.CopyTo(payload, at);
                    at += chunk.Length;
                }
            }
        }

        EnsureEnd(source, header);
        return payload;
    }

    private static void EnsureEnd(IdxSource source, IdxHeader header)
    {
        if (source.ExactLength is not null)
        {
            return;
        }

        Span<byte> probe = stackalloc byte[1];
        if (source.ReadAtMost(probe) != 0)
        {
            throw source.Error(header.Length + header.PayloadLength, "the end of the file", "trailing bytes");
        }
    }

    private static string PayloadExpectation(IdxHeader header)
        => string.Create(CultureInfo.InvariantCulture, $"{header.PayloadLength} bytes of payload after the {header.Length}-byte header for {header.Describe()}");

    private static string Hex(byte value) => value.ToString("X2", CultureInfo.InvariantCulture);
}
