namespace Digits.Sdk.Data;

/// <summary>A data set split into a part to train on and a held-out part to validate with.</summary>
/// <param name="Train">The samples to train on.</param>
/// <param name="Validation">The held-out samples.</param>
public sealed record TrainValidationData(DigitDataset Train, DigitDataset Validation) : IDisposable
{
    /// <summary>Disposes both parts.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
