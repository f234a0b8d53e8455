namespace Digits.Sdk.Data;

/// <summary>
/// A data-set file (on disk or just downloaded) does not have the checksum the catalog records for it: it is
/// corrupt, truncated, or a different data set. Nothing unverified is ever left under the file's final name.
/// </summary>
public sealed class DatasetChecksumException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file, or the URL of a rejected download.</param>
    /// <param name="algorithm">The checksum algorithm, such as <c>SHA-256 of the decompressed content</c>.</param>
    /// <param name="expected">The checksum the catalog records.</param>
    /// <param name="actual">The checksum found.</param>
    public DatasetChecksumException(string filePath, string algorithm, string expected, string actual)
        : base($"'{filePath}' has {algorithm} {actual}, but {expected} was expected: the file is corrupt or not the data set it claims to be. Delete it and download it again, or point DIGITS_DATA at a good copy.")
    {
        FilePath = filePath;
        Algorithm = algorithm;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The file, or the URL of a rejected download.</summary>
    public string FilePath { get; }

    /// <summary>The checksum algorithm.</summary>
    public string Algorithm { get; }

    /// <summary>The checksum the catalog records.</summary>
    public string Expected { get; }

    /// <summary>The checksum found.</summary>
    public string Actual { get; }
}
