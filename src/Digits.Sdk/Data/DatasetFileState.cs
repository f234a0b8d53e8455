namespace Digits.Sdk.Data;

/// <summary>The verification state of one data-set file on disk.</summary>
public enum DatasetFileState
{
    /// <summary>The file is not there.</summary>
    Missing,

    /// <summary>The file matches the catalog's checksum.</summary>
    Verified,

    /// <summary>The file is there but its checksum differs from the catalog's.</summary>
    ChecksumMismatch,

    /// <summary>The file is there but the catalog has no checksum this copy can be checked against.</summary>
    Unverifiable,

    /// <summary>
    /// The file is a readable IDX file whose content is no known data set's: it belongs to the user's own data set
    /// (see <see cref="Datasets.LoadFolderAsync"/>).
    /// </summary>
    Unrecognized,
}
