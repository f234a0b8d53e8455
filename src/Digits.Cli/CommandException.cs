namespace Digits.Cli;

/// <summary>
/// A failure the user can fix (a missing file, a typo in a name, an argument out of range), with a message in the
/// user's terms. <see cref="DigitsApp"/>'s error handler prints it as one line on stderr and exits with 1, without
/// a stack trace or a hint to run with <c>--verbose</c>.
/// </summary>
public sealed class CommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it, as one sentence the user reads.</param>
    public CommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">What went wrong and what to do about it, as one sentence the user reads.</param>
    /// <param name="innerException">The cause, shown with <c>--verbose</c>.</param>
    public CommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
