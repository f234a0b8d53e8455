namespace Digits.Sdk.Training;

/// <summary>What a training run is doing when it reports progress.</summary>
public enum TrainingPhase
{
    /// <summary>Fitting the model to a batch of training data.</summary>
    Training,

    /// <summary>Measuring loss and accuracy on the validation set after an epoch.</summary>
    Validating,

    /// <summary>Writing a checkpoint file.</summary>
    Checkpointing,

    /// <summary>Fitting the temperature of the trained model on the validation set, once training has ended.</summary>
    Calibrating,

    /// <summary>The run has finished; this is the last report.</summary>
    Completed,
}
