using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Digits.Sdk.Data;

/// <summary>
/// The decompressed content of one IDX file or stream, read front to back, with the facts the reader needs to
/// reject impossible headers before allocating: how many content bytes the source can hold at most.
/// </summary>
internal sealed class IdxSource : IDisposable
{
    /// <summary>
    /// Deflate cannot expand data by more than about 1032:1, so a gzip file of <c>n</c> bytes cannot hold more
    /// than this many times <c>n</c> bytes of content. Lets a tiny file that claims gigabytes fail at once.
    /// </summary>
    private const long MaxDeflateRatio = 1032;

    private readonly Stream content;
    private readonly Stream? owned;

    private IdxSource(string name, Stream content, Stream? owned, bool compressed, long? exactLength, long maxLength)
    {
        Name = name;
        this.content = content;
        this.owned = owned;
        Compressed = compressed;
        ExactLength = exactLength;
        MaxLength = maxLength;
    }

    /// <summary>The file path or stream name that errors report.</summary>
    public string Name { get; }

    /// <summary>Whether the content is gzip-compressed (offsets then count decompressed bytes).</summary>
    public bool Compressed { get; }

    /// <summary>The exact content length when known without reading (plain seekable files).</summary>
    public long? ExactLength { get; }

    /// <summary>An upper bound on the content length.</summary>
    public long MaxLength { get; }

    /// <summary>How many content bytes have been consumed.</summary>
    public long Position { get; private set; }

    /// <summary>When set, every content byte read is also fed to this hash (to verify a file while loading it).</summary>
    private IncrementalHash? contentHash;

    public static IdxSource Open(string path, IncrementalHash? contentHash = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        try
        {
            var source = Wrap(file, path, ownsStream: true);
            source.contentHash = contentHash;
            return source;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static IdxSource Wrap(Stream stream, string name, bool ownsStream)
    {
        var magic = new byte[2];
        var sniffed = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var compressed = sniffed == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        long? remaining = stream.CanSeek ? stream.Length - stream.Position + sniffed : null;

        Stream raw = new PrefixedStream(magic, sniffed, stream);
        if (!compressed)
        {
            return new IdxSource(name, raw, ownsStream ? stream : null, compressed: false, remaining, remaining ?? long.MaxValue);
        }

        var max = remaining is { } length && length < long.MaxValue / MaxDeflateRatio ? length * MaxDeflateRatio + 1024 : long.MaxValue;
        var gzip = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
        return new IdxSource(name, gzip, ownsStream ? stream : null, compressed: true, exactLength: null, max);
    }

    /// <summary>Reads as many bytes as are there, up to the span's length.</summary>
    public int ReadAtMost(Span<byte> destination)
    {
        var total = 0;
        try
        {
            while (total < destination.Length)
            {
                var read = content.Read(destination[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException error)
        {
            throw Error(Position + total, "a valid gzip stream", error.Message, error);
        }

        contentHash?.AppendData(destination[..total]);
        Position += total;
        return total;
    }

    /// <summary>Fills the span or fails, naming the offset where the content ended.</summary>
    public void ReadExactly(Span<byte> destination, string expected)
    {
        var read = ReadAtMost(destination);
        if (read < destination.Length)
        {
            throw Error(Position, expected, "the end of the file");
        }
    }

    public IdxFormatException Error(long offset, string expected, string? found = null, Exception? inner = null)
        => new(Name, offset, expected, found, Compressed, inner);

    public void Dispose()
    {
        content.Dispose();
        owned?.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} at {Position}");
}
