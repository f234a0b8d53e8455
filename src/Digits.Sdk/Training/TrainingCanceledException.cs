namespace Digits.Sdk.Training;

/// <summary>
/// Thrown by <c>Fit</c> when its cancellation token fires. Training stops between two batches; when checkpoints
/// are on, the state at that point has been saved to <see cref="CheckpointPath"/>, and <c>Resume</c> continues
/// from that very batch.
/// </summary>
public sealed class TrainingCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="checkpointPath">The checkpoint written on the way out, if any.</param>
    /// <param name="history">The epochs completed before cancellation.</param>
    /// <param name="cancellationToken">The token that fired.</param>
    public TrainingCanceledException(string? checkpointPath, TrainingHistory history, CancellationToken cancellationToken)
        : base(checkpointPath is null
            ? "Training was cancelled. Turn on checkpoints to be able to resume a cancelled run."
            : $"Training was cancelled; its state was saved to '{checkpointPath}'. Resume with .Resume(\"{checkpointPath}\").", cancellationToken)
    {
        CheckpointPath = checkpointPath;
        History = history;
    }

    /// <summary>The checkpoint written when training stopped, or <see langword="null"/> without checkpoints.</summary>
    public string? CheckpointPath { get; }

    /// <summary>The epochs completed before cancellation.</summary>
    public TrainingHistory History { get; }
}
