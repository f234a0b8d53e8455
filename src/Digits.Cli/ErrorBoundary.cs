using Digits.Sdk.Data;
using Digits.Sdk.Native;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Spectre.Console.Cli;

namespace Digits.Cli;

/// <summary>
/// The one place where the tool turns an exception into what the user sees: one line on stderr and an exit code.
/// Commands throw; they do not print their own errors.
/// </summary>
/// <remarks>
/// Spectre.Console.Cli hands this handler, unwrapped, every exception a command throws (its executor catches around
/// <c>ExecuteAsync</c> when a handler is set) and every parse or validation error (<see cref="CommandParseException"/>,
/// <see cref="CommandRuntimeException"/>, caught around the whole run). Whatever the handler returns is the exit code.
/// </remarks>
internal static class ErrorBoundary
{
    /// <summary>What every error line starts with, so scripts can find it.</summary>
    public const string Prefix = "digits: error: ";

    /// <summary>The exit code of a failure.</summary>
    public const int Failed = 1;

    /// <summary>The exit code of a run stopped by Ctrl+C, as shells report SIGINT (128 + 2).</summary>
    public const int Canceled = 130;

    /// <summary>The exit code of a run stopped by SIGTERM, as shells report it (128 + 15); see <see cref="StopSignals"/>.</summary>
    public const int Terminated = 143;

    /// <summary>Writes <paramref name="error"/> to <paramref name="stderr"/> and returns the exit code.</summary>
    /// <param name="error">What a command or the parser threw.</param>
    /// <param name="stderr">Where the line goes.</param>
    /// <param name="verbose">Whether to write the exception with its stack trace instead of its message alone.</param>
    /// <returns><see cref="Canceled"/> for cancellation, otherwise <see cref="Failed"/>.</returns>
    public static int Report(Exception error, TextWriter stderr, bool verbose)
    {
        if (error is OperationCanceledException)
        {
            stderr.WriteLine(verbose ? "digits: stopped: " + error : "digits: stopped.");
            return Canceled;
        }

        if (verbose)
        {
            stderr.WriteLine(Prefix + error);
        }
        else if (IsTheUsersToFix(error))
        {
            stderr.WriteLine(Prefix + OneLine(error.Message));
        }
        else
        {
            // Not a failure the tool expects: a bug, so say how to get what a bug report needs.
            stderr.WriteLine($"{Prefix}{OneLine(error.Message)} (unexpected {error.GetType().Name}; run with {DigitsApp.VerboseOption} for the stack trace)");
        }

        return Failed;
    }

    /// <summary>
    /// Whether <paramref name="error"/> is a failure the user causes and can fix, whose message already says what
    /// went wrong: the tool's own <see cref="CommandException"/>, a mistake on the command line, and the SDK's
    /// documented failures of files, data and the environment.
    /// </summary>
    /// <remarks>
    /// <see cref="ArgumentException"/>, <see cref="InvalidOperationException"/>, <see cref="NotSupportedException"/>
    /// and the like are not here: the commands check what the user typed before they call the SDK, so when the SDK
    /// refuses an argument the tool passed it wrongly, and that is a bug to report.
    /// </remarks>
    /// <param name="error">The exception.</param>
    /// <returns><see langword="true"/> for a failure to report as its message alone.</returns>
    public static bool IsTheUsersToFix(Exception error) => error
        is CommandException
        or CommandParseException
        or CommandRuntimeException

        // IOException covers DatasetNotFoundException and FileNotFoundException, DatasetChecksumException,
        // DirectoryNotFoundException, EndOfStreamException (a truncated file) and StudyStorageException (a study
        // database out of reach, refusing the login, of a newer schema, or without the study asked for).
        or IOException
        or UnauthorizedAccessException
        or InvalidDataException
        or IdxFormatException
        or CheckpointMismatchException
        or ResumeMismatchException
        or StudyMismatchException
        or TorchSharpUnavailableException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
