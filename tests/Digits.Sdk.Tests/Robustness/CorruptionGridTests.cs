using Digits.Sdk.Evaluation;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Robustness;

public sealed class CorruptionGridTests
{
    /// <summary>Set to 1 to rewrite docs/images/corruptions.png from this test.</summary>
    private const string WriteDocsImage = "DIGITS_WRITE_DOCS_IMAGES";

    [Fact]
    public void The_grid_shows_a_digit_clean_and_under_each_of_the_fifteen_corruptions()
    {
        var digit = MnistSamples.TestSet.Images[0];

        var plot = Plots.CorruptionGrid(digit, 28, 28, seed: 0);

        using var decoded = SKBitmap.Decode(plot.ToPng());
        Assert.Equal((plot.Width, plot.Height), (decoded.Width, decoded.Height));

        // 16 cells at 8 a row: two rows of 28-pixel images drawn 4 times larger.
        Assert.True(plot.Height > 2 * 28 * 4, $"The grid is {plot.Height} pixels high, too low for two rows.");
        if (Environment.GetEnvironmentVariable(WriteDocsImage) == "1")
        {
            plot.SavePng(Path.Combine(TestData.RepositoryRoot, "docs", "images", "corruptions.png"));
        }
    }

    [Fact]
    public void A_grid_of_an_image_of_the_wrong_size_says_so()
    {
        var error = Assert.Throws<ArgumentException>(() => Plots.CorruptionGrid(new byte[100], 28, 28));

        Assert.Contains("28 × 28", error.Message);
    }

    [Fact]
    public void The_grid_can_show_a_chosen_few_families()
    {
        var few = Plots.CorruptionGrid(MnistSamples.TestSet.Images[0], families: [Corruption.Fog, Corruption.Stripe], columns: 8);
        var all = Plots.CorruptionGrid(MnistSamples.TestSet.Images[0]);

        Assert.True(few.Width < all.Width && few.Height < all.Height);
    }
}
