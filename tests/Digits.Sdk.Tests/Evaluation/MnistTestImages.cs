using System.Buffers.Binary;
using System.IO.Compression;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// The first MNIST test images and labels, read straight from the shared gzip IDX files so the plots show real
/// digits. Deliberately minimal: parsing IDX properly is the Data area's job and is tested there.
/// </summary>
internal static class MnistTestImages
{
    public static (byte[] Images, int[] Labels) Read(int count)
    {
        var folder = TestData.Mnist;
        var images = ReadIdx(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), headerBytes: 16, count * 28 * 28);
        var labels = ReadIdx(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), headerBytes: 8, count);
        return (images, [.. labels.Select(b => (int)b)]);
    }


    private static byte[] ReadIdx(string path, int headerBytes, int length)
    {
        Assert.True(File.Exists(path), $"MNIST file {path} is missing; set DIGITS_DATA to the folder holding mnist/.");
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var header = new byte[headerBytes];
        stream.ReadExactly(header);
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)) * (headerBytes == 16 ? 28 * 28 : 1) >= length, $"{path} holds fewer samples than the test needs.");
        var data = new byte[length];
        stream.ReadExactly(data);
        return data;
    }
}
