using Digits.Sdk.Data;
using Digits.Sdk.Robustness;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Robustness;

public sealed class AugmentCorruptionsTests
{
    private static readonly Normalization Mnist = new(0.1307, 0.3081);

    [Fact]
    public void Probability_zero_gives_back_the_batch()
    {
        using var dataset = CorruptionSuiteTests.Sample(8);
        using var scope = NewDisposeScope();

        var same = Augment.Corruptions(dataset.Images, 0, Corruptions.All, new Generator(1), Mnist);

        Assert.True(same.equal(dataset.Images).all().item<bool>());
    }

    [Fact]
    public void Probability_one_corrupts_every_image_with_one_of_the_given_families()
    {
        using var dataset = CorruptionSuiteTests.Sample(16);
        using var scope = NewDisposeScope();
        Corruption[] families = [Corruption.Stripe, Corruption.Brightness];

        var corrupted = Augment.Corruptions(dataset.Images, 1, families, new Generator(3), Mnist);

        Assert.Equal(dataset.Images.shape, corrupted.shape);
        var values = corrupted.data<float>().ToArray();
        var seen = new HashSet<Corruption>();
        for (var i = 0; i < dataset.Count; i++)
        {
            var image = TestSupport.MnistSamples.TestSet.Images[i];
            var actual = values.AsSpan(i * 784, 784).ToArray().Select(v => (byte)Math.Round(((v * Mnist.Std) + Mnist.Mean) * 255)).ToArray();
            var family = families.Single(f => Corruptions.Apply(f, image, 28, 28, seed: 0).SequenceEqual(actual));
            seen.Add(family);
        }

        Assert.Equal(families.Length, seen.Count);
    }

    [Fact]
    public void Every_image_changes_at_probability_one_whatever_the_family()
    {
        using var dataset = CorruptionSuiteTests.Sample(32);
        using var scope = NewDisposeScope();

        var corrupted = Augment.Corruptions(dataset.Images, 1, Corruptions.All, new Generator(4), Mnist);

        var unchanged = (corrupted - dataset.Images).abs().amax([1, 2, 3]).lt(1e-4).sum().item<long>();
        Assert.Equal(0, unchanged);
    }

    [Fact]
    public void A_seeded_generator_makes_it_reproducible_and_another_seed_changes_it()
    {
        using var dataset = CorruptionSuiteTests.Sample(16);
        using var scope = NewDisposeScope();

        var first = Augment.Corruptions(dataset.Images, 0.5, Corruptions.All, new Generator(7), Mnist);
        var again = Augment.Corruptions(dataset.Images, 0.5, Corruptions.All, new Generator(7), Mnist);
        var other = Augment.Corruptions(dataset.Images, 0.5, Corruptions.All, new Generator(8), Mnist);

        Assert.True(first.equal(again).all().item<bool>());
        Assert.False(first.equal(other).all().item<bool>());
    }

    [Fact]
    public void About_the_given_share_of_images_is_corrupted()
    {
        using var dataset = CorruptionSuiteTests.Sample(200);
        using var scope = NewDisposeScope();

        var corrupted = Augment.Corruptions(dataset.Images, 0.3, [Corruption.Stripe], new Generator(9), Mnist);

        var changed = (corrupted - dataset.Images).abs().amax([1, 2, 3]).gt(1e-4).sum().item<long>();
        Assert.InRange(changed, 40, 80);
    }

    [Fact]
    public void Without_a_normalisation_it_is_learnt_from_an_mnist_like_batch()
    {
        using var dataset = CorruptionSuiteTests.Sample(16);
        using var scope = NewDisposeScope();

        var given = Augment.Corruptions(dataset.Images, 1, Corruptions.All, new Generator(5), Mnist);
        var learnt = Augment.Corruptions(dataset.Images, 1, Corruptions.All, new Generator(5));

        Assert.True(given.allclose(learnt, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Bad_arguments_say_what_is_wrong()
    {
        using var scope = NewDisposeScope();
        var batch = zeros(2, 1, 28, 28);

        Assert.Throws<ArgumentOutOfRangeException>(() => Augment.Corruptions(batch, 1.5, Corruptions.All));
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => Augment.Corruptions(batch, 0.5, [])).Message);
        Assert.Contains("grey images", Assert.Throws<ArgumentException>(() => Augment.Corruptions(zeros(2, 3, 28, 28), 0.5, Corruptions.All)).Message);
    }
}
