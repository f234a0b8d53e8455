using System.Buffers.Binary;
using System.IO.Compression;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// The first MNIST test images and labels, read straight from the shared gzip IDX files so the plots show real
/// digits. Deliberately minimal: parsing IDX properly is the Data area's job and is tested there.
/// </summary>
internal static class MnistTestImages
{
    public static (byte[] Images, int[] Labels) Read(int count)
    {
        var folder = Path.Combine(DataRoot(), "mnist");
        var images = ReadIdx(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), headerBytes: 16, count * 28 * 28);
        var labels = ReadIdx(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), headerBytes: 8, count);
        return (images, [.. labels.Select(b => (int)b)]);
    }

    private static string DataRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DIGITS_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        // <repo>/tests/Digits.Sdk.Tests/bin/<config>/<tfm>/ -> <repo>/../shared/datasets
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Digits.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, $"No Digits.Sdk.sln above {AppContext.BaseDirectory}; set DIGITS_DATA to the datasets folder.");
        return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "datasets"));
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
