using Digits.Sdk.Inference;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// The steps of the digit preprocessing that find ink on any page: which side is ink, what the paper is, and which
/// pieces of ink are specks. Each on a picture made here, whose answer is known.
/// </summary>
public sealed class PicturePipelineTests
{
    [Fact]
    public void Dark_strokes_covering_more_of_the_picture_than_half_are_still_ink()
    {
        // A tight crop: 55% dark ink on light paper, which a vote of the border would call dark paper.
        var gray = Picture(20, 20, (y, x) => x < 11 ? 0.05f : 0.95f);

        Assert.True(InkPolarity.InkIsDark(gray));
    }

    [Fact]
    public void Light_strokes_on_dark_paper_are_ink_when_they_cover_less_than_the_paper()
    {
        var gray = Picture(28, 28, (y, x) => x is >= 12 and < 16 ? 1f : 0f);

        Assert.False(InkPolarity.InkIsDark(gray));
    }

    [Fact]
    public void A_picture_of_one_grey_level_has_no_ink_side_and_no_separation()
    {
        var gray = Picture(10, 10, (_, _) => 0.9f);

        Assert.Equal(0, InkPolarity.Separation(gray));
        Assert.Equal(256, InkPolarity.OtsuThreshold(Histogram(gray)));
    }

    [Fact]
    public void Paper_that_darkens_towards_its_corners_is_removed_and_a_stroke_on_it_is_kept()
    {
        // Ink brighter than paper (the preprocessing's orientation): a vignette 0.25 deep, a stroke 0.7 above it.
        const int Size = 120;
        var values = Picture(Size, Size, (y, x) =>
        {
            var (u, v) = ((x / (Size - 1f)) - 0.5f, (y / (Size - 1f)) - 0.5f);
            var paper = 0.25f * ((u * u) + (v * v)) / 0.5f;
            return paper + (x is >= 55 and < 67 && y is >= 20 and < 100 ? 0.7f : 0);
        });

        PaperBackground.Subtract(values, Size, Size);

        var paperLeft = values.Where((_, i) => !InStroke(i % Size, i / Size)).Max();
        var strokeLeft = values.Where((_, i) => InStroke(i % Size, i / Size)).Min();
        // What is left of the paper stays below the faintest ink that counts (InkContrast.Minimum, 0.1).
        Assert.True(paperLeft < 0.08f, $"paper left standing at {paperLeft:F3}");
        Assert.True(strokeLeft > 0.6f, $"stroke worn down to {strokeLeft:F3}");

        static bool InStroke(int x, int y) => x is >= 55 and < 67 && y is >= 20 and < 100;
    }

    [Fact]
    public void A_region_of_dark_paper_wider_than_a_stroke_is_paper_not_ink()
    {
        // MNIST-C's stripe: the outer quarter of each side inverted, so that paper there is as bright as ink.
        const int Size = 112;
        var values = Picture(Size, Size, (y, x) => x < 28 || x >= 84 ? 1f : (x is >= 50 and < 62 && y is >= 20 and < 92 ? 1f : 0f));

        PaperBackground.Subtract(values, Size, Size);

        Assert.True(values.Where((_, i) => i % Size < 20).Max() < 0.05f, "the stripe was left standing as ink");
        Assert.True(values[(56 * Size) + 56] > 0.9f, "the stroke between the stripes was lost");
    }

    [Fact]
    public void Specks_far_lighter_than_the_digit_are_removed_and_a_digits_detached_bar_is_kept()
    {
        const int Size = 60;
        var ink = Picture(Size, Size, (y, x) =>
            (x is >= 28 and < 32 && y is >= 15 and < 50) // the stem
            || (x is >= 20 and < 40 && y is >= 8 and < 11) // a bar drawn apart from it (a 7's or a 5's)
            || (x == 3 && y == 3) || (x == 55 && y == 40)); // specks

        InkSpecks.Remove(ink, Size, Size);

        Assert.Equal(0f, ink[(3 * Size) + 3]);
        Assert.Equal(0f, ink[(40 * Size) + 55]);
        Assert.Equal(1f, ink[(9 * Size) + 25]);
        Assert.Equal(1f, ink[(30 * Size) + 30]);
    }

    private static float[] Picture(int height, int width, Func<int, int, float> value)
    {
        var pixels = new float[height * width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = value(y, x);
            }
        }

        return pixels;
    }

    private static float[] Picture(int height, int width, Func<int, int, bool> ink) => Picture(height, width, (y, x) => ink(y, x) ? 1f : 0f);

    private static long[] Histogram(float[] gray)
    {
        var histogram = new long[256];
        foreach (var value in gray)
        {
            histogram[(int)Math.Min(255, value * 256)]++;
        }

        return histogram;
    }
}
