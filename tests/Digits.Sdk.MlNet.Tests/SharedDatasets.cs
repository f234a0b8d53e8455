using System.Reflection;
using Digits.Sdk.Data;

namespace Digits.Sdk.MlNet.Tests;

/// <summary>
/// Finds the real data sets for these tests: the <c>DIGITS_DATA</c> environment variable, else
/// <c>&lt;repository root&gt;/../shared/datasets</c>, the place the main test project looks too. A missing folder
/// fails the test with a message that says where it was looked for, rather than skipping it.
/// </summary>
internal static class SharedDatasets
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The folder holding <c>mnist/</c>, as <see cref="DatasetInfo.LoadAsync"/> takes it.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>
    /// The first <paramref name="count"/> MNIST test images exactly as stored: 784 bytes each, 0 = background,
    /// 255 = ink. These are what an application holds before any normalisation.
    /// </summary>
    public static byte[][] MnistTestImages(int count)
    {
        var file = IdxReader.Read(Path.Combine(Root, Datasets.Mnist.Name, Datasets.Mnist.TestImages.FileName));
        var size = file.Dimensions[1] * file.Dimensions[2];
        var images = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            images[i] = file.AsSpan<byte>().Slice(i * size, size).ToArray();
        }

        return images;
    }

    /// <summary>The labels of the first <paramref name="count"/> MNIST test images.</summary>
    public static byte[] MnistTestLabels(int count)
    {
        var file = IdxReader.Read(Path.Combine(Root, Datasets.Mnist.Name, Datasets.Mnist.TestLabels.FileName));
        return file.AsSpan<byte>()[..count].ToArray();
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        var root = string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "datasets"))
            : Path.GetFullPath(fromEnvironment);
        if (!Directory.Exists(Path.Combine(root, Datasets.Mnist.Name)))
        {
            throw new InvalidOperationException(
                $"The MNIST test data '{Path.Combine(root, Datasets.Mnist.Name)}' is missing. Set {DataRoot.EnvironmentVariable} to a folder holding 'mnist/', or put the shared data sets at <repo>/../shared/datasets.");
        }

        return root;
    }

    private static string RepositoryRoot() =>
        typeof(SharedDatasets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value
        ?? throw new InvalidOperationException("The test assembly has no RepositoryRoot metadata.");
}
