namespace Digits.Cli.Commands.Zoo;

/// <summary>A problem the zoo verbs (<c>summary</c>, <c>tune</c>, <c>compare</c>) report as their one-line error.</summary>
public sealed class ZooCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line error.</param>
    public ZooCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public ZooCommandException()
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">The one-line error.</param>
    /// <param name="innerException">The cause.</param>
    public ZooCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
