using System.Security.Cryptography;
using Digits.Sdk.Data;

namespace Digits.Sdk.Tests.Data;

/// <summary>A made-up four-file data set small enough to serve over HTTP in a test, with its real checksums.</summary>
internal sealed class TinyDataset
{
    public TinyDataset()
    {
        Files = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte.gz"] = Images(12, seed: 1),
            ["train-labels-idx1-ubyte.gz"] = Labels(12),
            ["t10k-images-idx3-ubyte.gz"] = Images(4, seed: 2),
            ["t10k-labels-idx1-ubyte.gz"] = Labels(4),
        };
    }

    public Dictionary<string, byte[]> Files { get; }

    public DatasetInfo Info(params Uri[] mirrors) => new()
    {
        Name = "tiny",
        Title = "Tiny",
        ClassNames = ["zero", "one", "two"],
        Mirrors = mirrors,
        TrainImages = Entry("train-images-idx3-ubyte.gz"),
        TrainLabels = Entry("train-labels-idx1-ubyte.gz"),
        TestImages = Entry("t10k-images-idx3-ubyte.gz"),
        TestLabels = Entry("t10k-labels-idx1-ubyte.gz"),
        Normalization = new(0.5, 0.25),
    };

    private DatasetFile Entry(string name)
    {
        var gz = Files[name];
        using var decompressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(gz), System.IO.Compression.CompressionMode.Decompress))
        {
            gzip.CopyTo(decompressed);
        }

        return new DatasetFile(name, Convert.ToHexStringLower(MD5.HashData(gz)), Convert.ToHexStringLower(SHA256.HashData(decompressed.ToArray())));
    }

    private static byte[] Images(int count, int seed)
    {
        var pixels = new byte[count * 28 * 28];
        new Random(seed).NextBytes(pixels);
        return IdxFiles.Gzip(IdxFiles.Concat(IdxFiles.Header(0x08, (uint)count, 28, 28), pixels));
    }

    private static byte[] Labels(int count)
        => IdxFiles.Gzip(IdxFiles.Concat(IdxFiles.Header(0x08, (uint)count), Enumerable.Range(0, count).Select(i => (byte)(i % 3)).ToArray()));
}
