using System.Buffers.Binary;
using System.IO.Compression;
using Digits.Sdk.Data;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>Data-set folders made for a test: altered copies of a real data set, and small data sets of the user's own.</summary>
internal static class DatasetFolders
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// Copies the real data set in <paramref name="source"/> into <paramref name="name"/> under <paramref name="parent"/>,
    /// decompressed, letting <paramref name="change"/> alter each file's content (given its name without <c>.gz</c>).
    /// </summary>
    public static string Copy(TemporaryFolder parent, string name, string source, Func<string, byte[], byte[]>? change = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent.Path, name)).FullName;
        foreach (var file in new[] { TrainImages, TrainLabels, TestImages, TestLabels })
        {
            using var gzip = new GZipStream(File.OpenRead(Path.Combine(source, file + ".gz")), CompressionMode.Decompress);
            using var content = new MemoryStream();
            gzip.CopyTo(content);
            File.WriteAllBytes(Path.Combine(folder, file), change?.Invoke(file, content.ToArray()) ?? content.ToArray());
        }

        return folder;
    }

    /// <summary>MNIST with one pixel of one training image changed.</summary>
    public static string MnistWithOnePixelChanged(TemporaryFolder parent) => Copy(parent, "mnist-one-pixel", TestData.Mnist, (file, content) =>
    {
        if (file == TrainImages)
        {
            // Header (16 bytes), then image 123's pixel at row 14, column 14.
            content[16 + (123 * 784) + (14 * 28) + 14] ^= 0x5A;
        }

        return content;
    });

    /// <summary>MNIST without its last training image: 59,999 images and labels.</summary>
    public static string MnistWithoutTheLastTrainingImage(TemporaryFolder parent) => Copy(parent, "mnist-59999", TestData.Mnist, (file, content) => file switch
    {
        TrainImages => WithCount(content[..^784], 59_999),
        TrainLabels => WithCount(content[..^1], 59_999),
        _ => content,
    });

    /// <summary>
    /// The first <paramref name="trainImages"/> training and <paramref name="testImages"/> test images of MNIST: ten
    /// classes, so every shipped network trains on it, but small enough to train in a second (a data set of the
    /// user's own, since its checksums are not MNIST's).
    /// </summary>
    public static string MnistSubset(TemporaryFolder parent, int trainImages, int testImages) => Copy(parent, "mnist-small", TestData.Mnist, (file, content) => file switch
    {
        TrainImages => WithCount(content[..(16 + (trainImages * 784))], trainImages),
        TrainLabels => WithCount(content[..(8 + trainImages)], trainImages),
        TestImages => WithCount(content[..(16 + (testImages * 784))], testImages),
        TestLabels => WithCount(content[..(8 + testImages)], testImages),
        _ => content,
    });

    /// <summary>
    /// A small data set of the user's own, written with <see cref="IdxWriter"/>: 28×28 pictures of three classes a
    /// linear model tells apart (a bright band at the top, the middle or the bottom), on a noisy background.
    /// </summary>
    public static string ThreeBands(TemporaryFolder parent, string name = "three-bands", int trainCount = 600, int testCount = 150)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent.Path, name)).FullName;
        var random = new Random(7);
        foreach (var (images, labels, count) in new[] { (TrainImages, TrainLabels, trainCount), (TestImages, TestLabels, testCount) })
        {
            var pixels = new byte[count * 784];
            var classes = new byte[count];
            for (var i = 0; i < count; i++)
            {
                classes[i] = (byte)(i % 3);
                for (var p = 0; p < 784; p++)
                {
                    var row = p / 28;
                    var inBand = row / 10 == classes[i];
                    pixels[(i * 784) + p] = (byte)(inBand ? 200 + random.Next(56) : random.Next(60));
                }
            }

            IdxWriter.Write(Path.Combine(folder, images + ".gz"), IdxArray.Create<byte>([count, 28, 28], pixels));
            IdxWriter.Write(Path.Combine(folder, labels + ".gz"), IdxArray.Create<byte>([count], classes));
        }

        return folder;
    }

    private static byte[] WithCount(byte[] content, int count)
    {
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(4, 4), count);
        return content;
    }
}
