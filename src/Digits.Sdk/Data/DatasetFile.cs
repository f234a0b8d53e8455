namespace Digits.Sdk.Data;

/// <summary>One file of a known data set and the checksums that identify it.</summary>
/// <param name="FileName">The canonical file name, as mirrors serve it (for example <c>train-images-idx3-ubyte.gz</c>).</param>
/// <param name="GzipMd5">The MD5 of the <c>.gz</c> file exactly as the canonical mirrors serve it, lower-case hex.</param>
/// <param name="ContentSha256">
/// The SHA-256 of the decompressed IDX content, lower-case hex, or <see langword="null"/> when not known. This is
/// the robust identity: different gzip compressors produce different <c>.gz</c> bytes for the same content.
/// </param>
public sealed record DatasetFile(string FileName, string GzipMd5, string? ContentSha256)
{
    /// <summary>The file name without the <c>.gz</c> extension, as the file is named once decompressed.</summary>
    public string DecompressedName => FileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? FileName[..^3] : FileName;
}
