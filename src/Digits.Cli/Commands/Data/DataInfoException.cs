namespace Digits.Cli.Commands.Data;

/// <summary>A problem <c>digits data info</c> reports as its one-line error.</summary>
public sealed class DataInfoException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line error.</param>
    public DataInfoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public DataInfoException()
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">The one-line error.</param>
    /// <param name="innerException">The cause.</param>
    public DataInfoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
