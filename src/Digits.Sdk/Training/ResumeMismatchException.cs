namespace Digits.Sdk.Training;

/// <summary>
/// A run was asked to resume from a checkpoint that it cannot continue: the checkpoint was trained with another
/// optimizer, or on another data set. The message names both and says what to change.
/// </summary>
/// <remarks>
/// A checkpoint of another <em>architecture</em> is a <see cref="CheckpointMismatchException"/>; a damaged one is an
/// <see cref="InvalidDataException"/>.
/// </remarks>
public sealed class ResumeMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="message">What differs, naming both sides, and what to do.</param>
    public ResumeMismatchException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }
}
