namespace Digits.Sdk.Data;

/// <summary>A known data set's official training and test sets, as <see cref="DatasetInfo.LoadAsync"/> returns them.</summary>
/// <param name="Info">The catalog entry the sets were loaded for.</param>
/// <param name="Train">The training set (for MNIST: 60,000 images).</param>
/// <param name="Test">The test set (for MNIST: 10,000 images).</param>
public sealed record TrainTestData(DatasetInfo Info, DigitDataset Train, DigitDataset Test) : IDisposable
{
    /// <summary>Disposes both sets.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
