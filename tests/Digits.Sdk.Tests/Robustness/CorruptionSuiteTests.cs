using Digits.Sdk.Data;
using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.TestSupport;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Robustness;

/// <summary>What holds for every family: names, determinism, sizes, and data sets that keep their labels.</summary>
public sealed class CorruptionSuiteTests
{
    private const int Side = 28;

    /// <summary>The families whose result does not depend on the seed.</summary>
    private static readonly Corruption[] Fixed = [Corruption.Scale, Corruption.Brightness, Corruption.Stripe, Corruption.CannyEdges];

    public static TheoryData<Corruption> Families() => [.. Corruptions.All];

    [Fact]
    public void The_fifteen_families_come_in_the_papers_order_with_mnist_cs_folder_names()
    {
        Assert.Equal(
            ["shot_noise", "impulse_noise", "glass_blur", "motion_blur", "shear", "scale", "rotate", "brightness", "translate", "stripe", "fog", "spatter", "dotted_line", "zigzag", "canny_edges"],
            Corruptions.All.Select(Corruptions.Name));
        Assert.Equal(Enum.GetValues<Corruption>(), Corruptions.All);
    }

    [Fact]
    public void Names_parse_in_any_case_and_lists_parse_in_their_order()
    {
        Assert.True(Corruptions.TryParse("Canny_Edges", out var canny));
        Assert.Equal(Corruption.CannyEdges, canny);
        Assert.False(Corruptions.TryParse("gaussian_noise", out _));
        Assert.Equal(Corruptions.All, Corruptions.Parse("ALL"));
        Assert.Equal([Corruption.Fog, Corruption.Stripe, Corruption.ShotNoise], Corruptions.Parse("fog, stripe,SHOT_NOISE"));
        Assert.Equal("fog,stripe", Corruptions.Format([Corruption.Fog, Corruption.Stripe]));
        Assert.Equal("all", Corruptions.Format(Corruptions.All));
    }

    [Theory]
    [InlineData("fog,snow", "'snow' is not an MNIST-C corruption")]
    [InlineData("fog,,stripe", "An empty name")]
    [InlineData("fog,FOG", "'fog' is listed twice")]
    public void A_bad_list_names_the_culprit_and_the_valid_names(string list, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Corruptions.Parse(list));

        Assert.Contains(expected, error.Message);
        if (!expected.Contains("twice", StringComparison.Ordinal))
        {
            Assert.Contains("shot_noise, impulse_noise", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Each_family_keeps_the_size_and_gives_the_same_image_for_the_same_seed(Corruption corruption)
    {
        var digit = MnistSamples.TestSet.Images[1];

        var first = Corruptions.Apply(corruption, digit, Side, Side, seed: 11);
        var again = Corruptions.Apply(corruption, digit, Side, Side, seed: 11);

        Assert.Equal(digit.Length, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(digit, first);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Random_families_differ_for_other_seeds_and_fixed_ones_do_not(Corruption corruption)
    {
        var digit = MnistSamples.TestSet.Images[1];
        var first = Corruptions.Apply(corruption, digit, Side, Side, seed: 0);

        // Shear and rotate draw only a direction, translate two: some seed among eight differs.
        var anyDiffers = Enumerable.Range(1, 8).Any(seed => !Corruptions.Apply(corruption, digit, Side, Side, seed).SequenceEqual(first));

        Assert.Equal(!Fixed.Contains(corruption), anyDiffers);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Each_family_works_on_larger_images_and_keeps_their_size(Corruption corruption)
    {
        var image = SyntheticImages.Square(16, 40, side: 56);

        var corrupted = Corruptions.Apply(corruption, image, 56, 56, seed: 2);

        Assert.Equal(image.Length, corrupted.Length);
        Assert.NotEqual(image, corrupted);
    }

    [Fact]
    public void An_image_of_the_wrong_size_or_too_small_is_refused_with_its_size()
    {
        var wrong = Assert.Throws<ArgumentException>(() => Corruptions.Apply(Corruption.Fog, new byte[700], Side, Side, 0));
        var tiny = Assert.Throws<ArgumentException>(() => Corruptions.Apply(Corruption.Fog, new byte[16], 4, 4, 0));

        Assert.Contains("700 pixels", wrong.Message);
        Assert.Contains("4 × 4", tiny.Message);
    }

    [Fact]
    public void Corrupting_a_data_set_keeps_its_labels_and_identity_and_corrupts_each_image_with_its_own_seed()
    {
        using var dataset = Sample(12);

        using var corrupted = Corruptions.Corrupt(dataset, Corruption.Zigzag, seed: 5);

        Assert.Equal(dataset.Labels.data<long>().ToArray(), corrupted.Labels.data<long>().ToArray());
        Assert.Equal(dataset.Identity, corrupted.Identity);
        Assert.Equal($"{dataset.Name}/zigzag", corrupted.Name);
        var images = corrupted.Images.data<float>().ToArray();
        for (var i = 0; i < dataset.Count; i++)
        {
            var expected = Corruptions.Apply(Corruption.Zigzag, MnistSamples.TestSet.Images[i], Side, Side, Corruptions.ImageSeed(5, i));
            var actual = images.AsSpan(i * Side * Side, Side * Side).ToArray().Select(v => (byte)Math.Round(((v * 0.3081) + 0.1307) * 255)).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Corrupting_a_data_set_is_the_same_every_time_and_differs_for_another_seed()
    {
        using var dataset = Sample(6);

        using var first = Corruptions.Corrupt(dataset, Corruption.Fog, seed: 1);
        using var again = Corruptions.Corrupt(dataset, Corruption.Fog, seed: 1);
        using var other = Corruptions.Corrupt(dataset, Corruption.Fog, seed: 2);

        Assert.True(first.Images.equal(again.Images).all().item<bool>());
        Assert.False(first.Images.equal(other.Images).all().item<bool>());
    }

    internal static DigitDataset Sample(int count)
    {
        var pixels = MnistSamples.TestSet.Images.Take(count).SelectMany(image => MnistSamples.Normalize(image)).ToArray();
        var labels = MnistSamples.TestSet.Labels.Take(count).Select(l => (long)l).ToArray();
        return new DigitDataset(tensor(pixels, [count, 1, Side, Side]), tensor(labels), [.. Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))], new Normalization(0.1307, 0.3081), "mnist/test");
    }
}
