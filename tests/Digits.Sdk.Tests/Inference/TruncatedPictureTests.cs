using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// Issue 16, finding 3: a PNG cut to its first 200 of 609 bytes was classified ("7", 0.88). A picture that is cut
/// short or only partly decodable is an error naming it, in every format SkiaSharp reads.
/// </summary>
public sealed class TruncatedPictureTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    private static readonly string Corpus = Path.Combine(BuildEnvironment.RepositoryRoot, "tests", "Digits.Sdk.Fuzzing", "corpus", "picture");

    /// <summary>A seven (MNIST's first test digit), dark on light, 2× as large, as an 8-bit RGBA PNG.</summary>
    private static byte[] Seven
    {
        get
        {
            var seven = MnistSamples.TestSet.Images[0].Select(p => (byte)(255 - p)).ToArray();
            using var small = SKImage.FromPixelCopy(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque), seven);
            using var surface = SKSurface.Create(new SKImageInfo(56, 56, SKColorType.Rgba8888, SKAlphaType.Premul));
            surface.Canvas.DrawImage(small, SKRect.Create(56, 56), new SKSamplingOptions(SKFilterMode.Nearest));
            using var snapshot = surface.Snapshot();
            using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }
    }

    [Fact]
    public void A_png_cut_to_its_first_200_bytes_is_refused_naming_the_file_whichever_way_it_is_given()
    {
        var seven = Seven;
        Assert.True(seven.Length > 400, $"the seven is {seven.Length} bytes");
        var path = Path.Combine(model.Directory, "cut-seven.png");
        File.WriteAllBytes(path, seven[..200]);
        using var classifier = DigitClassifier.LoadPretrained();
        Assert.Equal("7", classifier.PredictImage(new MemoryStream(seven)).ClassName);

        var byPath = Assert.Throws<InvalidDataException>(() => classifier.PredictImage(path));
        using var file = File.OpenRead(path);
        var byFileStream = Assert.Throws<InvalidDataException>(() => classifier.PredictImage(file));
        var byStream = Assert.Throws<InvalidDataException>(() => classifier.PredictImage(new MemoryStream(seven[..200])));

        Assert.Contains($"'{path}' is a PNG picture cut short after 200 bytes", byPath.Message);
        Assert.Contains($"'{path}' is a PNG picture cut short", byFileStream.Message);
        Assert.StartsWith("the image stream is a PNG picture cut short after 200 bytes", byStream.Message);
    }

    public static TheoryData<string> Pictures => ["seven-gray.png", "seven.jpg", "seven.bmp", "seven.gif", "seven.webp", "rendered.png", "rendered.jpg", "rendered.webp"];

    [Theory]
    [MemberData(nameof(Pictures))]
    public void Every_prefix_of_a_picture_is_refused_and_only_the_whole_file_is_read(string name)
    {
        var bytes = Picture(name);
        var accepted = new List<int>();

        for (var length = 0; length <= bytes.Length; length++)
        {
            if (PictureDecoder.Decode(bytes.AsSpan(0, length), out var fault) is not null)
            {
                accepted.Add(length);
            }
            else
            {
                Assert.NotNull(fault);
            }
        }

        Assert.Equal([bytes.Length], accepted);
    }

    [Fact]
    public void A_png_without_its_IEND_chunk_is_cut_short_even_though_every_pixel_decoded()
    {
        var seven = Seven;

        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new MemoryStream(seven[..^12]), "'no-end.png'"));

        Assert.Contains("'no-end.png' is a PNG picture cut short", error.Message);
        Assert.Contains("IEND", error.Message);
    }

    [Fact]
    public void Bytes_after_a_pictures_end_are_ignored_as_decoders_do()
    {
        var padded = PictureDecoder.Decode(new MemoryStream([.. Seven, .. new byte[100]]), "'padded.png'");

        Assert.Equal((56, 56), (padded.Height, padded.Width));
    }

    [Fact]
    public void A_png_whose_pixel_data_is_damaged_is_refused_as_undecodable()
    {
        var damaged = Seven;
        // Inside the compressed pixel data (the IDAT chunk starts after the 33-byte signature and header).
        for (var i = 80; i < 96; i++)
        {
            damaged[i] ^= 0x5A;
        }

        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new MemoryStream(damaged), "'damaged.png'"));

        Assert.StartsWith("'damaged.png' is not a picture that can be decoded", error.Message);
    }

    [Fact]
    public void Truncation_and_damage_are_told_apart_for_callers_that_report_them_differently()
    {
        var seven = Seven;
        var damaged = seven.ToArray();
        damaged[37] = 0x01;

        PictureDecoder.Decode(seven.AsSpan(0, 300), out var cut);
        PictureDecoder.Decode(damaged, out var broken);
        PictureDecoder.Decode("not a picture at all"u8, out var unknown);

        Assert.Equal((PictureFaultKind.Truncated, "PNG", 300L), (cut!.Kind, cut.Format, cut.Length));
        Assert.Equal(PictureFaultKind.Damaged, broken!.Kind);
        Assert.Contains("at byte 37", broken.Reason);
        Assert.Equal(PictureFaultKind.UnknownFormat, unknown!.Kind);
    }

    private static byte[] Picture(string name)
    {
        if (!name.StartsWith("rendered", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(Path.Combine(Corpus, name));
        }

        var format = Path.GetExtension(name) switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" => SKEncodedImageFormat.Jpeg,
            _ => SKEncodedImageFormat.Webp,
        };
        return DigitImages.Render(MnistSamples.TestSet.Images[0], format, darkOnLight: true, 0);
    }
}
