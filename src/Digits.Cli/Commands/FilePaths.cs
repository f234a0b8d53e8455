namespace Digits.Cli.Commands;

/// <summary>
/// Checks the files a verb reads and writes before any work, so a folder given where a file is expected is called a
/// folder (not "does not exist" or "Access denied"), and a file's missing folders are created as <c>--out</c> does.
/// </summary>
internal static class FilePaths
{
    /// <summary>Refuses <paramref name="path"/> unless it is an existing file.</summary>
    /// <param name="path">The path the user gave.</param>
    /// <param name="what">What the file should be, as the user knows it: "checkpoint", "ONNX model", "picture".</param>
    /// <exception cref="CommandException">It is a folder, or nothing.</exception>
    public static void RequireFile(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CommandException($"'{path}' is a folder, where the {what} file is expected.");
        }

        if (!File.Exists(path))
        {
            throw new CommandException($"The {what} '{path}' does not exist.");
        }
    }

    /// <summary>
    /// Makes sure <paramref name="path"/> can be written as a file: it is not a folder, no folder on its way is a file,
    /// and its folder exists (created when missing).
    /// </summary>
    /// <param name="path">The path the user gave.</param>
    /// <param name="option">The option that gave it, such as <c>--onnx</c>.</param>
    /// <param name="example">A file name to show in the error when <paramref name="path"/> is a folder.</param>
    /// <exception cref="CommandException">It cannot be written, with the reason.</exception>
    public static void PrepareOutput(string path, string option, string example)
    {
        if (Directory.Exists(path))
        {
            throw new CommandException($"{option} '{path}' is a folder; give the file to write, such as '{Path.Combine(path, example)}'.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var ancestor = folder; !string.IsNullOrEmpty(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                throw new CommandException($"{option} '{path}' cannot be written: '{ancestor}' is a file, not a folder.");
            }
        }

        PrepareFolder(folder, $"{option} '{path}' cannot be written");
    }

    /// <summary>Creates <paramref name="folder"/> when missing.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="failure">What fails if it cannot be created, the start of the error's sentence.</param>
    /// <exception cref="CommandException">It cannot be created, with the reason.</exception>
    public static void PrepareFolder(string folder, string failure)
    {
        if (File.Exists(folder))
        {
            throw new CommandException($"{failure}: '{folder}' is a file, not a folder.");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            var reason = error switch
            {
                UnauthorizedAccessException => "permission denied",

                // The OS says "not found" of a folder it will not create, inside one that takes no new entries (/proc).
                FileNotFoundException or DirectoryNotFoundException => "its parent folder does not accept new folders",
                _ => error.Message,
            };
            throw new CommandException($"{failure}: the folder '{folder}' cannot be created ({reason}).", error);
        }
    }
}
