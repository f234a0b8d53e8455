namespace Digits.Cli.Commands;

/// <summary>
/// The folders a verb creates for what it will write, removed again on dispose if they are still empty: a run that
/// fails before it writes anything (data that will not load, a checkpoint of another network to resume) leaves
/// nothing behind, while a folder that holds anything, or that was there before, is never touched.
/// </summary>
internal sealed class CreatedFolders : IDisposable
{
    private readonly List<string> created = [];

    /// <summary>Creates <paramref name="folder"/> and its missing parents as <see cref="FilePaths.PrepareFolder"/> does, noting which were missing.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="failure">What fails if it cannot be created, the start of the error's sentence.</param>
    public void Prepare(string folder, string failure)
    {
        var missing = Missing(folder);
        FilePaths.PrepareFolder(folder, failure);
        created.AddRange(missing);
    }

    /// <summary>Makes <paramref name="path"/> writable as <see cref="FilePaths.PrepareOutput"/> does, noting the folders it had to create.</summary>
    /// <param name="path">The path the user gave.</param>
    /// <param name="option">The option that gave it, such as <c>--out</c>.</param>
    /// <param name="example">A file name to show in the error when <paramref name="path"/> is a folder.</param>
    public void PrepareOutput(string path, string option, string example)
    {
        var missing = Missing(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FilePaths.PrepareOutput(path, option, example);
        created.AddRange(missing);
    }

    /// <summary>Removes the folders this created that are still empty, the deepest first.</summary>
    public void Dispose()
    {
        // A folder is longer than its parent's path, so the longest go first and a parent empties before its turn.
        foreach (var folder in created.OrderByDescending(f => f.Length))
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Tidying up must never hide the error that ended the run; an empty folder is harmless.
            }
        }
    }

    /// <summary>The folder and those of its parents that do not exist yet, the deepest first.</summary>
    private static List<string> Missing(string folder)
    {
        var missing = new List<string>();
        for (var candidate = Path.GetFullPath(folder); !string.IsNullOrEmpty(candidate) && !Directory.Exists(candidate); candidate = Path.GetDirectoryName(candidate))
        {
            missing.Add(candidate);
        }

        return missing;
    }
}
