using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Data;

public sealed class AugmentTests
{
    /// <summary>Eight 28x28 "digits": a bright bar on a dark background, normalised like MNIST.</summary>
    internal static Tensor Batch()
    {
        var raw = zeros(8, 1, 28, 28);
        raw[.., .., 6..22, 12..16] = tensor(1f);
        return Datasets.Mnist.Normalization.Normalize(raw);
    }

    [Fact]
    public void Zero_strength_affine_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var images = Batch();

        var same = Augment.RandomAffine(images, shift: 0, rotate: 0, scale: 0, new Generator(1));

        Assert.True(same.allclose(images, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Zero_strength_stroke_width_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var images = Batch();

        var same = Augment.StrokeWidth(images, strength: 0, new Generator(1));

        Assert.True(same.allclose(images, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Stroke_width_thickens_some_images_and_thins_others_between_erosion_and_dilation()
    {
        using var scope = NewDisposeScope();
        var images = Batch();
        var dilated = nn.functional.max_pool2d(images, kernel_size: 3, stride: 1, padding: 1);
        var eroded = -nn.functional.max_pool2d(-images, kernel_size: 3, stride: 1, padding: 1);

        var changed = Augment.StrokeWidth(images, strength: 1, new Generator(5));

        Assert.True((changed <= dilated + 1e-5f).all().item<bool>() && (changed >= eroded - 1e-5f).all().item<bool>());
        var inkChange = (changed - images).sum([1, 2, 3]).data<float>().ToArray();
        Assert.Contains(inkChange, change => change > 0.1f);
        Assert.Contains(inkChange, change => change < -0.1f);
    }

    [Fact]
    public void Zero_strength_elastic_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var images = Batch();

        var same = Augment.Elastic(images, alpha: 0, sigma: 4, new Generator(1));

        Assert.True(same.allclose(images, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Augmentation_keeps_the_shape_and_the_value_range_and_changes_the_images()
    {
        using var scope = NewDisposeScope();
        var images = Batch();
        var low = images.min().item<float>();
        var high = images.max().item<float>();

        foreach (var moved in new[]
        {
            Augment.RandomAffine(images, shift: 0.15, rotate: 20, scale: 0.2, new Generator(3)),
            Augment.Elastic(images, alpha: 30, sigma: 4, new Generator(3)),
        })
        {
            Assert.Equal(images.shape, moved.shape);
            Assert.InRange(moved.min().item<float>(), low - 1e-5, high);
            Assert.InRange(moved.max().item<float>(), low, high + 1e-5);
            Assert.False(moved.allclose(images, atol: 1e-3));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_augmentation_and_each_image_its_own()
    {
        using var scope = NewDisposeScope();
        var images = Batch();

        var first = Augment.RandomAffine(images, 0.1, 15, 0.1, new Generator(7));
        var again = Augment.RandomAffine(images, 0.1, 15, 0.1, new Generator(7));
        var other = Augment.RandomAffine(images, 0.1, 15, 0.1, new Generator(8));

        Assert.True(first.equal(again).all().item<bool>());
        Assert.False(first.equal(other).all().item<bool>());
        Assert.False(first[0].allclose(first[1], atol: 1e-3));
    }
}
