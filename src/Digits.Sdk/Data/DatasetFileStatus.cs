namespace Digits.Sdk.Data;

/// <summary>What <see cref="DatasetInfo.VerifyAsync"/> found for one file.</summary>
/// <param name="File">The catalog entry.</param>
/// <param name="Path">Where the file was found, or where it was looked for when missing.</param>
/// <param name="State">Whether it is there and verifies.</param>
/// <param name="Detail">The checksum found, or why verification failed.</param>
public sealed record DatasetFileStatus(DatasetFile File, string Path, DatasetFileState State, string? Detail);
