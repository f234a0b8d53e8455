namespace Digits.Sdk.Data;

/// <summary>How far the download of one data-set file has come.</summary>
/// <param name="FileName">The file being downloaded.</param>
/// <param name="Source">The mirror URL it is coming from.</param>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">The file's size if the server announced it.</param>
public readonly record struct DownloadProgress(string FileName, Uri Source, long BytesReceived, long? TotalBytes)
{
    /// <summary>The fraction done in 0..1, or <see langword="null"/> when the size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? (double)BytesReceived / TotalBytes.Value : null;
}
