namespace Digits.Sdk.Benchmarks;

/// <summary>What one <c>dotnet publish</c> of a <see cref="ConsumerApp"/> produced.</summary>
/// <param name="Succeeded">Whether <c>dotnet publish</c> exited with 0.</param>
/// <param name="Folder">The publish folder.</param>
/// <param name="Executable">The app host or native executable in it.</param>
/// <param name="Seconds">Wall time of the publish, restore included.</param>
/// <param name="Log">What <c>dotnet publish</c> printed.</param>
internal sealed record PublishResult(bool Succeeded, string Folder, string Executable, double Seconds, string Log)
{
    /// <summary>The total size of every file under the publish folder.</summary>
    public long Bytes => Files.Sum(file => file.Length);

    /// <summary>Every file under the publish folder, largest first.</summary>
    public IReadOnlyList<FileInfo> Files =>
        new DirectoryInfo(Folder).EnumerateFiles("*", SearchOption.AllDirectories).OrderByDescending(f => f.Length).ToList();

    /// <summary>The lines of the log that report errors (all of it if none do), for a failure's report.</summary>
    public IEnumerable<string> Errors
    {
        get
        {
            var lines = Log.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
            var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
            return errors.Count > 0 ? errors : lines;
        }
    }
}
