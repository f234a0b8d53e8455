using Digits.Sdk.Data;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// <see cref="IdxReader.Read(Stream, string)"/> on plain IDX content, twice: as a seekable stream (a file, whose size
/// bounds what the header may claim) and as a forward-only one (a download, which cannot say how much follows).
/// </summary>
/// <remarks>
/// Documented: <see cref="IdxFormatException"/>, for every way the content can fail to be an IDX document. The payload
/// is the reader's one large allocation and is never larger than the input, so anything past a few times the input
/// (plus the fixed cost of the header arrays and stream buffers) means a header was believed before its bytes arrived.
/// </remarks>
internal sealed class IdxTarget : FuzzTarget
{
    public override string Name => "idx";

    protected override void Parse(byte[] input)
    {
        ReadOnce(new MemoryStream(input, writable: false));
        ReadOnce(new ForwardOnlyStream(input));
    }

    protected override bool IsDocumented(Exception error) => error is IdxFormatException;

    protected override long AllocationBudget(int inputLength) => (8L * inputLength) + (256 << 10);

    /// <summary>One read, its own rejection handled here so the second reading runs whatever the first did.</summary>
    internal static void ReadOnce(Stream stream)
    {
        try
        {
            var array = IdxReader.Read(stream, "fuzz input");
            // Touch what a caller would: the typed view of the elements must agree with the element type.
            _ = array.ElementCount;
            _ = array.Payload.Length;
        }
        catch (IdxFormatException)
        {
        }
    }
}
