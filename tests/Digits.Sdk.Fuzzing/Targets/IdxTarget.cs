using Digits.Sdk.Data;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// <see cref="IdxReader.Read(Stream, string)"/> on plain IDX content, twice: as a seekable stream (a file, whose size
/// bounds what the header may claim) and as a forward-only one (a download, which cannot say how much follows); the two
/// readings must agree.
/// </summary>
/// <remarks>
/// Documented: <see cref="IdxFormatException"/>, for every way the content can fail to be an IDX document. The payload
/// is the reader's one large allocation and is never larger than the input, so anything past a few times the input
/// (plus the fixed cost of the header arrays and stream buffers) means a header was believed before its bytes arrived.
/// </remarks>
internal sealed class IdxTarget : FuzzTarget
{
    public override string Name => "idx";

    protected override void Parse(byte[] input) => ReadBothWays(input);

    protected override bool IsDocumented(Exception error) => error is IdxFormatException;

    protected override long AllocationBudget(int inputLength) => (8L * inputLength) + (256 << 10);

    /// <summary>
    /// Reads <paramref name="content"/> as a seekable and as a forward-only stream. The two must agree: both accept it
    /// with the same elements, or both refuse it (the refusal is then rethrown).
    /// </summary>
    /// <exception cref="IdxFormatException">Both readings refused the content.</exception>
    internal static void ReadBothWays(byte[] content)
    {
        var (seekable, seekableError) = ReadOnce(new MemoryStream(content, writable: false));
        var (forwardOnly, forwardOnlyError) = ReadOnce(new ForwardOnlyStream(content));
        if ((seekable is null) != (forwardOnly is null))
        {
            throw new InvalidOperationException(
                $"A seekable stream was {(seekable is null ? $"refused ({seekableError!.Message})" : "accepted")} but a forward-only one "
                + $"{(forwardOnly is null ? $"refused ({forwardOnlyError!.Message})" : "accepted")}: the reader must not depend on whether it can seek.");
        }

        if (seekable is not null && (seekable.ElementType != forwardOnly!.ElementType
            || !seekable.Dimensions.SequenceEqual(forwardOnly.Dimensions) || !seekable.Payload.SequenceEqual(forwardOnly.Payload)))
        {
            throw new InvalidOperationException("A seekable and a forward-only stream of the same content read different arrays.");
        }

        if (seekableError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(seekableError);
        }
    }

    private static (IdxArray? Array, IdxFormatException? Error) ReadOnce(Stream stream)
    {
        try
        {
            return (IdxReader.Read(stream, "fuzz input"), null);
        }
        catch (IdxFormatException error)
        {
            return (null, error);
        }
    }
}
