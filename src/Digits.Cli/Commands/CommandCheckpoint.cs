using Digits.Sdk.Training;

namespace Digits.Cli.Commands;

/// <summary>
/// Reads a checkpoint a verb was given: a folder or a missing file is refused in the user's terms, and the SDK's note
/// about the file (a checkpoint of format 1, which has no checksums) goes to stderr, as the data-set note does.
/// </summary>
internal static class CommandCheckpoint
{
    public static Checkpoint Read(string path)
    {
        FilePaths.RequireFile(path, "checkpoint");
        var checkpoint = Checkpoint.Read(path);
        if (checkpoint.Note is { } note)
        {
            // A note, not an error: stdout stays clean for --json, and the command goes on.
            Console.Error.WriteLine("digits: note: " + note);
        }

        return checkpoint;
    }
}
