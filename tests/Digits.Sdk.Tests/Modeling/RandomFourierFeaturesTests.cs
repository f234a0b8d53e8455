using TorchSharp;
using Digits.Sdk.Modeling.Layers;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Modeling;

public sealed class RandomFourierFeaturesTests
{
    [Fact]
    public void The_projection_is_held_in_buffers_and_nothing_is_trainable()
    {
        using var features = new RandomFourierFeatures(inFeatures: 6, dimensions: 32, gamma: 0.5, seed: 1);

        Assert.Empty(features.parameters());
        var buffers = features.named_buffers().ToDictionary(buffer => buffer.name, buffer => buffer.buffer.shape);
        Assert.Equal([6L, 32], buffers["projection"]);
        Assert.Equal([32L], buffers["offset"]);
    }

    [Fact]
    public void The_same_seed_draws_the_same_features_and_another_seed_does_not()
    {
        using var scope = NewDisposeScope();
        using var first = new RandomFourierFeatures(6, 32, 0.5, seed: 42);
        using var again = new RandomFourierFeatures(6, 32, 0.5, seed: 42);
        using var other = new RandomFourierFeatures(6, 32, 0.5, seed: 43);
        var x = randn(4, 6);

        Assert.True(first.call(x).eq(again.call(x)).all().item<bool>());
        Assert.False(first.call(x).allclose(other.call(x)));
    }

    [Fact]
    public void Inner_products_of_the_features_approximate_the_rbf_kernel()
    {
        using var scope = NewDisposeScope();
        const double gamma = 0.3;
        using var features = new RandomFourierFeatures(inFeatures: 5, dimensions: 20_000, gamma: gamma, seed: 3);
        var x = randn(8, 5, generator: new Generator(11)).mul(0.8);

        var z = features.call(x);
        var approximated = z.matmul(z.t());
        var exact = cdist(x, x).pow(2).mul(-gamma).exp();

        // Monte-Carlo error shrinks like 1/sqrt(D) ≈ 0.007 here; 0.04 leaves room without hiding a wrong scale.
        var worst = (approximated - exact).abs().max().item<float>();
        Assert.True(worst < 0.04, $"largest kernel error {worst}");
    }

    [Fact]
    public void Converting_the_module_to_double_converts_the_buffers_it_computes_with()
    {
        using var scope = NewDisposeScope();
        using var features = new RandomFourierFeatures(3, 8, 1.0, seed: 0);
        features.to(ScalarType.Float64);

        var output = features.call(randn(2, 3, dtype: ScalarType.Float64));

        Assert.Equal(ScalarType.Float64, output.dtype);
        Assert.All(features.named_buffers(), buffer => Assert.Equal(ScalarType.Float64, buffer.buffer.dtype));
    }

    [Theory]
    [InlineData(0, 8, 1.0)]
    [InlineData(3, 0, 1.0)]
    [InlineData(3, 8, 0.0)]
    [InlineData(3, 8, double.NaN)]
    [InlineData(3, 8, double.PositiveInfinity)]
    public void Sizes_and_gamma_must_be_positive(long inFeatures, long dimensions, double gamma)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFourierFeatures(inFeatures, dimensions, gamma, seed: 0));
    }
}
