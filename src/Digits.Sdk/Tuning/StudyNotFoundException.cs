namespace Digits.Sdk.Tuning;

/// <summary>The storage holds no study of the name asked for; the message lists the studies it does hold.</summary>
public sealed class StudyNotFoundException : StudyStorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which study is missing from which storage.</param>
    /// <param name="study">The study's name.</param>
    public StudyNotFoundException(string message, string study)
        : base(message)
    {
        Study = study;
    }

    /// <summary>The name of the study that is not there.</summary>
    public string Study { get; }
}
