using System.IO.Compression;
using Digits.Sdk.Data;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// <see cref="IdxReader.Read(Stream, string)"/> on gzip-compressed IDX content. An input that is already gzip (starts
/// 1F 8B) is read as it is, so mutations reach the decompressor and the reader's handling of its errors; any other
/// input is compressed first, so mutations of the IDX structure reach the compressed path (no exact length, only
/// deflate's bound), seekable and forward-only.
/// </summary>
/// <remarks>
/// Documented: <see cref="IdxFormatException"/> (a corrupt gzip stream is reported as one). Deflate expands at most
/// about 1032:1, and the reader trusts a header up to that bound (the decompressed content may really be that large),
/// so the budget is that bound, twice, plus the decompressor's buffers.
/// </remarks>
internal sealed class IdxGzipTarget : FuzzTarget
{
    public override string Name => "idx-gzip";

    protected override void Parse(byte[] input)
    {
        var compressed = input is [0x1F, 0x8B, ..] ? input : Compress(input);
        IdxTarget.ReadBothWays(compressed);
    }

    protected override bool IsDocumented(Exception error) => error is IdxFormatException;

    // Compressing a non-gzip input costs about its size again; the reader may then trust deflate's bound of the result.
    protected override long AllocationBudget(int inputLength) => (2L * 1032 * (inputLength + 64)) + (1L << 20);

    private static byte[] Compress(byte[] input)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(input);
        }

        return output.ToArray();
    }
}
