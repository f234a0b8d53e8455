namespace Digits.Sdk.Tuning;

/// <summary>
/// A worker asked to join a study that already exists with another plan (network, strategy, seed, search space,
/// recipe or data): its trials would not be comparable with the study's, so it joins nothing and writes nothing.
/// </summary>
public sealed class StudyMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The study, the storage and every difference.</param>
    /// <param name="study">The study's name.</param>
    /// <param name="differences">Each difference, as <c>what: the study's value; this worker's value</c>.</param>
    public StudyMismatchException(string message, string study, IReadOnlyList<string> differences)
        : base(message)
    {
        Study = study;
        Differences = differences;
    }

    /// <summary>The name of the study.</summary>
    public string Study { get; }

    /// <summary>What differs between the study's plan and this worker's.</summary>
    public IReadOnlyList<string> Differences { get; }
}
