using Digits.Sdk.Data;
using Digits.Sdk.Training;

namespace Digits.Sdk.Samples;

/// <summary>Where the samples find MNIST, and how they show progress.</summary>
internal static class SampleData
{
    /// <summary>
    /// <c>DIGITS_DATA</c> if set; else <c>../shared/datasets</c> beside this repository when the sample runs inside
    /// it; else <see langword="null"/>, so the SDK uses its cache folder and downloads what is missing.
    /// </summary>
    public static string? Root()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable)))
        {
            return null; // the SDK reads DIGITS_DATA itself
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Digits.Sdk.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "datasets"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }

    /// <summary>The repository this sample runs from (the folder with Digits.Sdk.sln), else the current folder.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Digits.Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Prints a line every 100 batches and at the end of each epoch's training.</summary>
    public static void PrintEpochs(TrainingProgress progress)
    {
        if (progress.Phase == TrainingPhase.Training && (progress.Batch % 100 == 0 || progress.Batch == progress.BatchesPerEpoch))
        {
            Console.WriteLine(FormattableString.Invariant(
                $"epoch {progress.Epoch}/{progress.Epochs} batch {progress.Batch}/{progress.BatchesPerEpoch}: loss {progress.Loss:0.0000}, accuracy {progress.Accuracy:P1}, {progress.ImagesPerSecond:0} images/s"));
        }
    }
}
