namespace Digits.Sdk.Data;

/// <summary>
/// An IDX file (or the pair of files that make a data set) is not what it claims to be. The message names the
/// file, the byte offset where reading went wrong and what was expected there.
/// </summary>
/// <remarks>
/// For gzip-compressed files the offset counts bytes of the decompressed content, because that is where the
/// IDX structure lives; the message says so.
/// </remarks>
public sealed class IdxFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> at <paramref name="offset"/>.</summary>
    /// <param name="filePath">The file (or stream name) being read.</param>
    /// <param name="offset">The byte offset where the content stopped matching the format.</param>
    /// <param name="expected">What the reader expected at that offset.</param>
    /// <param name="found">What it found instead, or <see langword="null"/> when there was nothing to find.</param>
    /// <param name="compressed">Whether the offset counts decompressed bytes of a gzip file.</param>
    /// <param name="innerException">The lower-level error, such as a corrupt gzip stream.</param>
    public IdxFormatException(string filePath, long offset, string expected, string? found = null, bool compressed = false, Exception? innerException = null)
        : base(Describe(filePath, offset, expected, found, compressed), innerException)
    {
        FilePath = filePath;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>The file (or stream name) that failed to read.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset where the content stopped matching the format.</summary>
    public long Offset { get; }

    /// <summary>What the reader expected at <see cref="Offset"/>.</summary>
    public string Expected { get; }

    /// <summary>What the reader found instead, if anything.</summary>
    public string? Found { get; }

    private static string Describe(string filePath, long offset, string expected, string? found, bool compressed)
    {
        var where = compressed
            ? FormattableString.Invariant($"at byte {offset} of its decompressed content")
            : FormattableString.Invariant($"at byte {offset}");
        var got = found is null ? string.Empty : $", found {found}";
        return $"'{filePath}' is not a valid IDX file {where}: expected {expected}{got}.";
    }
}
