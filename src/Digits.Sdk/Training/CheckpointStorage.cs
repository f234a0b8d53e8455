namespace Digits.Sdk.Training;

/// <summary>
/// The file operations a checkpoint write needs, as a seam: tests replace it to fail a write half-way and check
/// that the previous checkpoint survives.
/// </summary>
internal class CheckpointStorage
{
    public static CheckpointStorage Default { get; } = new();

    public virtual Stream Create(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    public virtual void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

    public virtual void Delete(string path) => File.Delete(path);

    /// <summary>
    /// Writes <paramref name="path"/> through a temporary file in the same folder that is renamed over it only
    /// once completely written and flushed to disk: a crash or failure at any point leaves either the old file
    /// or the new one, never a torn one, and no temporary file behind.
    /// </summary>
    public void WriteAtomically(string path, Action<Stream> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = Create(temporary))
            {
                write(stream);
                stream.Flush();
                if (stream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            Replace(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more; a leftover *.tmp is harmless and clearly named.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
