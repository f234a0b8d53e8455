namespace Digits.Sdk.Data;

/// <summary>
/// A data set's files are not on disk and could not be downloaded. The message names the missing files, where
/// they were looked for and how to point the SDK at a local copy.
/// </summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to fix it.</param>
    /// <param name="missingFiles">The full paths of the missing files.</param>
    /// <param name="innerException">The last download error, if a download was tried.</param>
    public DatasetNotFoundException(string message, IReadOnlyList<string> missingFiles, Exception? innerException = null)
        : base(message, innerException)
    {
        MissingFiles = missingFiles;
    }

    /// <summary>The full paths of the files that are missing.</summary>
    public IReadOnlyList<string> MissingFiles { get; }
}
