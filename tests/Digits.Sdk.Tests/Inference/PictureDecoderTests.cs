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
        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new MemoryStream(wbmp), "liar.wbmp"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Contains("'liar.wbmp'", error.Message);
        Assert.Contains("4000×4000", error.Message);
        Assert.Contains("its 7 bytes can hold", error.Message);
    }

    [Fact]
    public void A_stream_that_cannot_tell_its_length_may_not_claim_more_than_the_decoders_maximum()
    {
        // 9000×9000 is 81 megapixels, past the 64 the decoder accepts from a stream of unknown length.
        byte[] wbmp = [0x00, 0x00, 0xC6, 0x28, 0xC6, 0x28, 0x00];

        var error = Assert.Throws<InvalidDataException>(() => PictureDecoder.Decode(new Digits.Sdk.Fuzzing.Targets.ForwardOnlyStream(wbmp), "pipe"));

        Assert.Contains("9000×9000", error.Message);
        Assert.Contains("67,108,864 this decoder accepts", error.Message);
    }

    [Fact]
    public void A_blank_page_of_several_megapixels_still_decodes()
    {
        // A blank page compresses better than any real picture, and still stays well inside the per-byte bound.
        using var bitmap = new SKBitmap(2400, 2000, SKColorType.Gray8, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.White);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var (gray, height, width) = PictureDecoder.Decode(new MemoryStream(png.ToArray()), "blank.png");

        Assert.Equal((2000, 2400), (height, width));
        Assert.All(gray.Take(1000), value => Assert.Equal(1f, value));
    }
}
