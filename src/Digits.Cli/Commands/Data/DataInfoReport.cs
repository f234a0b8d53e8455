using Digits.Sdk.Data;

namespace Digits.Cli.Commands.Data;

/// <summary>What <c>digits data info</c> found: the data set, its splits and the state of each file.</summary>
/// <param name="Dataset">The catalog name, or the name of the user's own data set.</param>
/// <param name="Title">The human-readable title.</param>
/// <param name="Root">The folder that was searched.</param>
/// <param name="Splits">The training and test splits, by name.</param>
/// <param name="Files">Each file's checksum state.</param>
public sealed record DataInfoReport(string Dataset, string Title, string Root, IReadOnlyDictionary<string, SplitInfo> Splits, IReadOnlyList<FileInfoReport> Files)
{
    /// <summary>Whether the files are a catalog data set, recognised by checksum (else the user's own data set).</summary>
    public bool Known { get; init; }

    /// <summary>Why a folder was taken as the user's own data set, as train and evaluate also say; <see langword="null"/> otherwise.</summary>
    public string? Note { get; init; }
}

/// <summary>One split of a data set.</summary>
/// <param name="Count">The number of images.</param>
/// <param name="Shape">The shape of one image: channels, height, width.</param>
/// <param name="Classes">How many images each class has, by class name.</param>
public sealed record SplitInfo(int Count, IReadOnlyList<int> Shape, IReadOnlyDictionary<string, int> Classes);

/// <summary>The checksum state of one file.</summary>
/// <param name="Name">The catalog file name.</param>
/// <param name="Path">Where the file is.</param>
/// <param name="State">The verification state.</param>
/// <param name="Detail">The checksum found, or why it could not be checked.</param>
public sealed record FileInfoReport(string Name, string Path, DatasetFileState State, string? Detail);
