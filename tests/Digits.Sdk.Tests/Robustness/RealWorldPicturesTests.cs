using Digits.Sdk.Robustness;

namespace Digits.Sdk.Tests.Robustness;

/// <summary>
/// The picture layouts reading is measured on: a digit cropped to its ink, scaled so its longer side is 112 pixels,
/// dark on white; and the same crop scanned coarsely.
/// </summary>
public sealed class RealWorldPicturesTests
{
    [Fact]
    public void A_tight_crop_puts_ink_on_every_edge_and_scales_the_longer_side_to_112()
    {
        var digit = new byte[28 * 28];
        for (var y = 10; y < 20; y++)
        {
            for (var x = 12; x < 17; x++)
            {
                digit[(y * 28) + x] = 255; // a bar 10 rows high, 5 columns wide
            }
        }

        var (pixels, height, width) = RealWorldPictures.TightCrop(digit);

        Assert.Equal((112, 56), (height, width));
        Assert.All(pixels, value => Assert.True(value < 128, "the crop is all ink, so all dark"));
    }

    [Fact]
    public void A_coarse_scan_has_at_most_17_grey_levels_before_smoothing_and_keeps_the_crops_size()
    {
        var digit = new byte[28 * 28];
        for (var i = 0; i < digit.Length; i++)
        {
            digit[i] = (byte)(i % 28 * 9);
        }

        var crop = RealWorldPictures.TightCrop(digit);
        var scan = RealWorldPictures.CoarseScan(digit);

        Assert.Equal((crop.Height, crop.Width), (scan.Height, scan.Width));
        Assert.NotEqual(crop.Pixels, scan.Pixels);
    }

    [Theory]
    [InlineData(783, "784 bytes, not 783 bytes")]
    [InlineData(784, "no ink")]
    public void A_digit_that_cannot_be_cropped_is_refused_with_the_reason(int length, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => RealWorldPictures.TightCrop(new byte[length]));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
