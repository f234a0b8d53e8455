using System.IO.Compression;
using Digits.Sdk.Data;
using Digits.Sdk.Onnx;
using Digits.Sdk.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Fuzzing;

/// <summary>
/// Writes the seed corpus: small valid inputs of every kind each parser reads, made by the SDK itself so they are the
/// files users have. The committed corpus under corpus/ came from here; the ONNX seed is made at fuzz time instead,
/// because the repository keeps no .onnx file but the pretrained model. Files are named <c>.bin</c> (or after their
/// format, as <c>.idx</c>), never <c>.ckpt</c>: the repository keeps no checkpoint. corpus/checkpoint also keeps
/// seed-network-format-1.bin, written by the first checkpoint writer, which no longer exists, so the unchecked format
/// stays fuzzed.
/// </summary>
internal static class Seeds
{
    /// <summary>A 4×4 white PNG, for warming the picture decoder up.</summary>
    public static byte[] BlankPng { get; } = Encode(Digit(4, ink: false), SKEncodedImageFormat.Png, 100);

    /// <summary>Writes the seeds of <paramref name="target"/> into <paramref name="folder"/>.</summary>
    public static void Write(string target, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in For(target))
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> For(string target) => target switch
    {
        "idx" => IdxFiles(),
        "idx-gzip" => IdxFiles().Select(f => (f.Name + ".gz", Gzip(f.Bytes))).Concat(IdxFiles().Take(2)),
        "checkpoint" => [("seed-network.bin", TinyCheckpoint())],
        "picture" => Pictures(),
        "onnx-metadata" => [("seed-network.onnx", TinyModel())],
        _ => throw new ArgumentException($"There is no fuzz target '{target}'.", nameof(target)),
    };

    private static IEnumerable<(string Name, byte[] Bytes)> IdxFiles()
    {
        yield return ("labels-u8.idx", Idx(IdxArray.Create<byte>([5], [7, 2, 1, 0, 4])));
        yield return ("images-u8.idx", Idx(IdxArray.Create<byte>([2, 3, 3], Enumerable.Range(0, 18).Select(i => (byte)(i * 14)).ToArray())));
        yield return ("values-i8.idx", Idx(IdxArray.Create<sbyte>([4], [-128, -1, 0, 127])));
        yield return ("values-i16.idx", Idx(IdxArray.Create<short>([2, 2], [-300, 0, 1, 32000])));
        yield return ("values-i32.idx", Idx(IdxArray.Create<int>([3], [int.MinValue, 0, int.MaxValue])));
        yield return ("values-f32.idx", Idx(IdxArray.Create<float>([1, 2, 2], [0.5f, -1e30f, float.Epsilon, 3f])));
        yield return ("values-f64.idx", Idx(IdxArray.Create<double>([2], [Math.PI, -0.0])));
    }

    private static byte[] Idx(IdxArray array)
    {
        using var stream = new MemoryStream();
        IdxWriter.Write(stream, array);
        return stream.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] TinyCheckpoint()
    {
        var folder = Directory.CreateTempSubdirectory("digits-fuzz-seed-");
        try
        {
            manual_seed(16);
            using var network = new SeedNetwork();
            using var optimizer = optim.AdamW(network.parameters());
            // One step, so the optimizer state holds real moments rather than an empty dictionary.
            using (var loss = network.forward(ones(1, 1, 4, 4)).sum())
            {
                loss.backward();
            }

            optimizer.step();
            var manifest = new CheckpointManifest
            {
                FormatVersion = Checkpoint.FormatVersion,
                Network = nameof(SeedNetwork),
                ArchitectureHash = SeedNetwork.Architecture.Hash,
                Optimizer = "AdamW",
                Seed = 16,
                Epoch = 1,
                Epochs = 2,
                SavedAt = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero),
                History = [],
                Dataset = CheckpointDataset.From(SeedNetwork.Dataset),
            };
            var path = Path.Combine(folder.FullName, "seed.ckpt");
            Checkpoint.Write(path, manifest, network, optimizer);
            return File.ReadAllBytes(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static byte[] TinyModel()
    {
        var folder = Directory.CreateTempSubdirectory("digits-fuzz-seed-");
        try
        {
            using var network = new SeedNetwork();
            var path = Path.Combine(folder.FullName, "seed.onnx");
            OnnxExporter.Export(network, path, new OnnxExportOptions { Dataset = SeedNetwork.Dataset });
            return File.ReadAllBytes(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Pictures()
    {
        yield return ("seven-gray.png", Encode(Digit(12, ink: true), SKEncodedImageFormat.Png, 100));
        yield return ("seven.jpg", Encode(Digit(16, ink: true), SKEncodedImageFormat.Jpeg, 60));
        yield return ("seven.webp", Encode(Digit(12, ink: true), SKEncodedImageFormat.Webp, 50));
        yield return ("seven.bmp", Bmp(Digit(8, ink: true)));
        yield return ("seven.gif", Gif(Digit(10, ink: true)));
        yield return ("blank.png", BlankPng);
    }

    /// <summary>A dark stroke like a 7 on light paper, <paramref name="side"/> pixels square.</summary>
    private static SKBitmap Digit(int side, bool ink)
    {
        var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var stroke = ink && (y == side / 5 || x == side - 1 - (y / 2)) && x > side / 5;
                bitmap.SetPixel(x, y, stroke ? new SKColor(20, 20, 40) : new SKColor(250, 248, 240));
            }
        }

        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using (bitmap)
        {
            using var data = bitmap.Encode(format, quality);
            return data.ToArray();
        }
    }

    /// <summary>A 24-bit bottom-up BMP (Skia decodes BMP but does not encode it).</summary>
    private static byte[] Bmp(SKBitmap bitmap)
    {
        using (bitmap)
        {
            var stride = ((bitmap.Width * 3) + 3) & ~3;
            var pixels = stride * bitmap.Height;
            using var stream = new MemoryStream();
            using var writer = new BinaryWriter(stream);
            writer.Write("BM"u8);
            writer.Write(54 + pixels);
            writer.Write(0);
            writer.Write(54);
            writer.Write(40);
            writer.Write(bitmap.Width);
            writer.Write(bitmap.Height);
            writer.Write((short)1);
            writer.Write((short)24);
            writer.Write(0);
            writer.Write(pixels);
            writer.Write(2835);
            writer.Write(2835);
            writer.Write(0);
            writer.Write(0);
            for (var y = bitmap.Height - 1; y >= 0; y--)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var color = bitmap.GetPixel(x, y);
                    writer.Write([color.Blue, color.Green, color.Red]);
                }

                writer.Write(new byte[stride - (bitmap.Width * 3)]);
            }

            writer.Flush();
            return stream.ToArray();
        }
    }

    /// <summary>
    /// A GIF of 256 greys (Skia decodes GIF but does not encode it). Its LZW data is plain: 9-bit codes, one a pixel,
    /// with a clear code every 250 pixels so that the code width never grows.
    /// </summary>
    private static byte[] Gif(SKBitmap bitmap)
    {
        using (bitmap)
        {
            using var stream = new MemoryStream();
            using var writer = new BinaryWriter(stream);
            writer.Write("GIF89a"u8);
            writer.Write((ushort)bitmap.Width);
            writer.Write((ushort)bitmap.Height);
            writer.Write([0xF7, 0, 0]);
            for (var grey = 0; grey < 256; grey++)
            {
                writer.Write([(byte)grey, (byte)grey, (byte)grey]);
            }

            writer.Write((byte)0x2C);
            writer.Write(0);
            writer.Write((ushort)bitmap.Width);
            writer.Write((ushort)bitmap.Height);
            writer.Write([0, 8]);

            const int Clear = 256, End = 257;
            var codes = new List<int> { Clear };
            for (var i = 0; i < bitmap.Width * bitmap.Height; i++)
            {
                if (i > 0 && i % 250 == 0)
                {
                    codes.Add(Clear);
                }

                var color = bitmap.GetPixel(i % bitmap.Width, i / bitmap.Width);
                codes.Add((int)Math.Round((0.299 * color.Red) + (0.587 * color.Green) + (0.114 * color.Blue)));
            }

            codes.Add(End);
            var data = new List<byte>();
            var (bits, count) = (0, 0);
            foreach (var code in codes)
            {
                bits |= code << count;
                for (count += 9; count >= 8; count -= 8, bits >>= 8)
                {
                    data.Add((byte)bits);
                }
            }

            if (count > 0)
            {
                data.Add((byte)bits);
            }

            foreach (var block in data.Chunk(255))
            {
                writer.Write((byte)block.Length);
                writer.Write(block);
            }

            writer.Write([0, 0x3B]);
            writer.Flush();
            return stream.ToArray();
        }
    }
}
