using System.Diagnostics;
using System.Globalization;

namespace Digits.Sdk.Training;

/// <summary>
/// The file operations a checkpoint write needs, as a seam: tests replace it to fail a write half-way and check
/// that the previous checkpoint survives.
/// </summary>
internal class CheckpointStorage
{
    /// <summary>EROFS, the errno of a write to a read-only file system (30 on Linux and macOS).</summary>
    private const int ReadOnlyFileSystem = 30;

    public static CheckpointStorage Default { get; } = new();

    public virtual Stream Create(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    public virtual void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

    public virtual void Delete(string path) => File.Delete(path);

    /// <summary>
    /// Writes <paramref name="path"/> through a temporary file in the same folder that is renamed over it only
    /// once completely written and flushed to disk: a crash or failure at any point leaves either the old file
    /// or the new one, never a torn one. A failure deletes the temporary file; a process killed between creating
    /// and renaming it cannot, so the temporary file is named after the writing process
    /// (<c>.NAME.PID-GUID.tmp</c>) and the next write of <paramref name="path"/> first deletes those whose process
    /// no longer runs (<see cref="SweepStaleTemporaries"/>). A failure names <paramref name="path"/>, never
    /// the temporary file, which the user did not ask for and which is gone by then.
    /// </summary>
    public void WriteAtomically(string path, Action<Stream> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        SweepStaleTemporaries(path);
        var temporary = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{TemporaryPrefix(path)}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"));
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
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            var failure = InTermsOf(error, temporary, Path.GetFullPath(path), folder);
            if (ReferenceEquals(failure, error))
            {
                throw;
            }

            throw failure;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files that writes of <paramref name="path"/> left behind when their process was killed
    /// before it could rename or delete them: those named <c>.NAME.PID-GUID.tmp</c> whose process no longer runs.
    /// A temporary file of a process that still runs, or of another name, is never touched, so two processes writing
    /// into one folder do not disturb each other.
    /// </summary>
    public void SweepStaleTemporaries(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        var prefix = TemporaryPrefix(path);
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(folder, "*.tmp");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A folder that can be written but not listed: the sweep is tidying up, never a reason to fail a write.
            return;
        }

        foreach (var file in candidates)
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal) || name.Length < prefix.Length + ".tmp".Length)
            {
                continue;
            }

            var writer = name.AsSpan(prefix.Length, name.Length - prefix.Length - ".tmp".Length);
            var dash = writer.IndexOf('-');
            if (dash > 0
                && int.TryParse(writer[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var process)
                && Guid.TryParseExact(writer[(dash + 1)..], "N", out _)
                && !IsRunning(process))
            {
                TryDelete(file);
            }
        }
    }

    private static string TemporaryPrefix(string path) => $".{Path.GetFileName(path)}.";

    private static bool IsRunning(int process)
    {
        if (process == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var running = Process.GetProcessById(process);
            return !running.HasExited;
        }
        catch (ArgumentException)
        {
            // No process has that id (any more).
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A failure on the temporary file, said about the file the caller asked for.</summary>
    private static Exception InTermsOf(Exception error, string temporary, string path, string folder) => error switch
    {
        UnauthorizedAccessException => new UnauthorizedAccessException($"Cannot write '{path}': access to the folder '{folder}' is denied.", error),

        // .NET keeps the errno of an I/O error it has no exception type for in HResult; the OS's own text names the
        // temporary file and says nothing of what to do.
        IOException when error.HResult == ReadOnlyFileSystem => new IOException($"Cannot write '{path}': the folder '{folder}' is on a read-only file system; write to another folder.", error),

        // Creating a file that the OS then reports as not found: the folder exists but takes no new files (/proc).
        FileNotFoundException or DirectoryNotFoundException => new IOException($"Cannot write '{path}': the folder '{folder}' does not accept new files.", error),
        _ when error.Message.Contains(temporary, StringComparison.Ordinal) => new IOException(error.Message.Replace(temporary, path, StringComparison.Ordinal), error),
        _ => error,
    };

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
