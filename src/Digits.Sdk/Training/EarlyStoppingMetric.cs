namespace Digits.Sdk.Training;

/// <summary>The validation number that early stopping and the choice of the best epoch watch.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The validation loss; lower is better.</summary>
    ValidationLoss,

    /// <summary>The validation accuracy; higher is better.</summary>
    ValidationAccuracy,
}
