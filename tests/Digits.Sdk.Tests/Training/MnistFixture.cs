using Digits.Sdk.Data;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// MNIST loaded once for all training tests, from <c>DIGITS_DATA</c> or <c>&lt;repository&gt;/../shared/datasets</c>,
/// with small fixed slices that keep the quick tests quick. Missing data fails the tests with the places looked in.
/// </summary>
public sealed class MnistFixture : IDisposable
{
    public MnistFixture()
    {
        Digits.Sdk.Native.TorchRuntime.EnsureAvailable();
        Data = Datasets.Mnist.LoadAsync(Root).GetAwaiter().GetResult();
        Small = Data.Train.Take(1_000);
        Validation = Data.Test.Take(500);
    }

    /// <summary>The folder holding <c>mnist/</c>.</summary>
    public static string Root => TestData.Root;

    public TrainTestData Data { get; }

    /// <summary>The first 1,000 training images.</summary>
    public DigitDataset Small { get; }

    /// <summary>The first 500 test images, used as a validation set.</summary>
    public DigitDataset Validation { get; }

    public void Dispose()
    {
        Small.Dispose();
        Validation.Dispose();
        Data.Dispose();
    }
}

/// <summary>
/// Training tests share MNIST and run alone: torch's random generator is global to the process, so another test
/// drawing from it mid-run would make the reproducibility tests fail for reasons outside the trainer.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection : ICollectionFixture<MnistFixture>
{
    public const string Name = "Training on MNIST";
}
