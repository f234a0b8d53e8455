using System.Buffers.Binary;
using System.IO.Compression;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// Real MNIST images for tests, read straight from the gzip IDX files (a minimal reader until the data
/// reader of Digits.Sdk.Data is available here). Found via DIGITS_DATA, else &lt;repo&gt;/../shared/datasets.
/// </summary>
internal static class MnistSamples
{
    private static readonly Lazy<(byte[][] Images, byte[] Labels)> Test = new(() => Read("t10k", 1000));
    private static readonly Lazy<(byte[][] Images, byte[] Labels)> Train = new(() => Read("train", 6400));
    private static readonly Lazy<(byte[][] Images, byte[] Labels)> FullTest = new(() => Read("t10k", 10_000));

    /// <summary>The first 1,000 test images, 784 bytes each, and their labels.</summary>
    public static (byte[][] Images, byte[] Labels) TestSet => Test.Value;

    /// <summary>All 10,000 MNIST test images and labels, as stored.</summary>
    public static (byte[][] Images, byte[] Labels) FullTestSet => FullTest.Value;

    /// <summary>The first 6,400 training images and their labels, enough for a short training run.</summary>
    public static (byte[][] Images, byte[] Labels) TrainingSet => Train.Value;

    /// <summary>MNIST's normalisation, as the exporter's defaults describe it.</summary>
    public static float[] Normalize(byte[] image) =>
        image.Select(pixel => ((pixel / 255f) - 0.1307f) / 0.3081f).ToArray();

    public static string DataDirectory => TestData.Mnist;


    private static (byte[][] Images, byte[] Labels) Read(string prefix, int count)
    {
        using var images = new GZipStream(File.OpenRead(Path.Combine(DataDirectory, $"{prefix}-images-idx3-ubyte.gz")), CompressionMode.Decompress);
        using var labels = new GZipStream(File.OpenRead(Path.Combine(DataDirectory, $"{prefix}-labels-idx1-ubyte.gz")), CompressionMode.Decompress);
        var header = new byte[16];
        images.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 2051 || BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8)) != 28)
        {
            throw new InvalidDataException("Not an MNIST image file.");
        }

        labels.ReadExactly(header.AsSpan(0, 8));
        var result = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            result[i] = new byte[784];
            images.ReadExactly(result[i]);
        }

        var labelBytes = new byte[count];
        labels.ReadExactly(labelBytes);
        return (result, labelBytes);
    }
}
