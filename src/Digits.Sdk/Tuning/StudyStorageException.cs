namespace Digits.Sdk.Tuning;

/// <summary>
/// A study store cannot be used: the database cannot be reached or refuses the login, its tables were written by a
/// newer Digits.Sdk, or what it holds is damaged. The message says which storage (never its password) and what to do.
/// </summary>
public class StudyStorageException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, in the user's terms.</param>
    /// <param name="innerException">The provider's error, if any.</param>
    public StudyStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
