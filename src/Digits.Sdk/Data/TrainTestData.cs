namespace Digits.Sdk.Data;

/// <summary>A data set's training and test sets, as <see cref="DatasetInfo.LoadAsync"/> and <see cref="Datasets.LoadFolderAsync"/> return them.</summary>
/// <param name="Identity">What the data set is; both sets carry it too.</param>
/// <param name="Train">The training set (for MNIST: 60,000 images).</param>
/// <param name="Test">The test set (for MNIST: 10,000 images).</param>
public sealed record TrainTestData(DatasetIdentity Identity, DigitDataset Train, DigitDataset Test) : IDisposable
{
    /// <summary>
    /// The four files the sets were read from and how each was recognised: training images and labels, then test
    /// images and labels.
    /// </summary>
    public IReadOnlyList<DatasetFileStatus> Files { get; init; } = [];

    /// <summary>Disposes both sets.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
