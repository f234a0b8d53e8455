using Digits.Sdk.Data;

namespace Digits.Sdk.Benchmarks;

/// <summary>The first images of MNIST's test set as 784 bytes each (0 = background, 255 = ink), with their labels.</summary>
internal static class MnistTestImages
{
    /// <summary>Reads the first <paramref name="count"/> test images from <see cref="BenchmarkEnvironment.DataRoot"/>.</summary>
    /// <exception cref="FileNotFoundException">MNIST is not there.</exception>
    public static (byte[][] Images, byte[] Labels) Read(int count)
    {
        var folder = Path.Combine(BenchmarkEnvironment.DataRoot, Datasets.Mnist.Name);
        var imagesPath = Path.Combine(folder, Datasets.Mnist.TestImages.FileName);
        var labelsPath = Path.Combine(folder, Datasets.Mnist.TestLabels.FileName);
        if (!File.Exists(imagesPath) || !File.Exists(labelsPath))
        {
            throw new FileNotFoundException($"MNIST's test set is not in {folder}; set DIGITS_DATA to the folder that holds mnist/.", imagesPath);
        }

        var pixels = IdxReader.Read(imagesPath).AsSpan<byte>().ToArray();
        var labels = IdxReader.Read(labelsPath).AsSpan<byte>().ToArray();
        var images = Enumerable.Range(0, count).Select(i => pixels.AsSpan(i * 784, 784).ToArray()).ToArray();
        return (images, labels[..count].ToArray());
    }
}
