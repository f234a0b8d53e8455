using Digits.Sdk.Inference;
using SkiaSharp;

namespace Digits.Sdk.Tests.Inference;

public sealed class PictureDecoderTests
{
    [Fact]
    public void A_tiny_file_claiming_a_huge_picture_is_refused_before_its_pixels_are_allocated()
    {
        // Found by fuzzing: 9 bytes of WBMP claimed a picture whose decoding allocated 827 MB. This one claims 4000×4000.
        byte[] wbmp = [0x00, 0x00, 0x9F, 0x20, 0x9F, 0x20, 0x00];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new MemoryStream(wbmp), "'liar.wbmp'"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Contains("'liar.wbmp'", error.Message);
        Assert.Contains("4000×4000", error.Message);
        Assert.Contains("its 7 bytes can hold", error.Message);
    }

    [Fact]
    public void A_stream_that_cannot_tell_its_length_is_held_to_the_bound_of_the_bytes_it_delivers()
    {
        byte[] wbmp = [0x00, 0x00, 0x9F, 0x20, 0x9F, 0x20, 0x00];

        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new Digits.Sdk.Fuzzing.Targets.ForwardOnlyStream(wbmp), "'pipe'"));

        Assert.Contains("its 7 bytes can hold", error.Message);
    }

    [Fact]
    public void A_picture_of_more_than_64_megapixels_is_refused()
    {
        // 9000×9000 is 81 megapixels, past the 64 the decoder accepts however large the file.
        byte[] wbmp = [0x00, 0x00, 0xC6, 0x28, 0xC6, 0x28, .. new byte[8000]];

        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new MemoryStream(wbmp), "'huge.wbmp'"));

        Assert.Contains("9000×9000", error.Message);
        Assert.Contains("the 67,108,864 this decoder accepts", error.Message);
    }

    [Fact]
    public void A_bmp_whose_pixels_are_said_to_start_far_past_its_end_costs_no_memory_for_the_gap()
    {
        // Found by fuzzing: an 8×8 BMP of 226 bytes whose pixel offset pointed 486 MB ahead made SkiaSharp's managed
        // stream wrapper allocate the bytes it skipped.
        var bmp = File.ReadAllBytes(Path.Combine(Infrastructure.BuildEnvironment.RepositoryRoot, "tests", "Digits.Sdk.Fuzzing", "crashes-fixed", "picture", "bmp-pixel-offset-486mb-ahead.bmp"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            PictureDecoder.Decode(new MemoryStream(bmp), "'offset.bmp'");
        }
        catch (InvalidDataException)
        {
            // Refusing it is as good as decoding what is there; allocating half a gigabyte is not.
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_wbmp_is_held_to_its_one_bit_per_pixel()
    {
        // Found by fuzzing: a WBMP of 22,324 bytes claiming 15232×1536 pixels (2.9 MB of bits) decoded for seconds.
        var wbmp = File.ReadAllBytes(Path.Combine(Infrastructure.BuildEnvironment.RepositoryRoot, "tests", "Digits.Sdk.Fuzzing", "crashes-fixed", "picture", "wbmp-22kb-claims-23-megapixels.wbmp"));

        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new MemoryStream(wbmp), "'short.wbmp'"));

        Assert.Contains("15232×1536", error.Message);
        Assert.Contains("(8 pixels a byte at most)", error.Message);
    }

    [Fact]
    public void A_complete_wbmp_decodes()
    {
        // 16×2 pixels: two bytes a row, the first row black, the second white.
        byte[] wbmp = [0x00, 0x00, 0x10, 0x02, 0x00, 0x00, 0xFF, 0xFF];

        var (gray, height, width) = PictureDecoder.Decode(new MemoryStream(wbmp), "'bars.wbmp'");

        Assert.Equal((2, 16), (height, width));
        Assert.All(gray.Take(16), value => Assert.Equal(0f, value));
        Assert.All(gray.Skip(16), value => Assert.Equal(1f, value));
    }

    [Fact]
    public void A_blank_page_of_several_megapixels_still_decodes()
    {
        // A blank page compresses better than any real picture, and still stays well inside the per-byte bound.
        using var bitmap = new SKBitmap(2400, 2000, SKColorType.Gray8, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.White);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var (gray, height, width) = PictureDecoder.Decode(new MemoryStream(png.ToArray()), "'blank.png'");

        Assert.Equal((2000, 2400), (height, width));
        Assert.All(gray.Take(1000), value => Assert.Equal(1f, value));
    }
}
