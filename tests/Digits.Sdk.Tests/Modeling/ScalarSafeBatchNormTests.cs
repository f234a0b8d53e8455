using System.Diagnostics;
using Digits.Sdk.Modeling.Layers;
using Digits.Sdk.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Modeling;

/// <summary>
/// Generated networks normalize batches with <see cref="ScalarSafeBatchNorm"/>: TorchSharp's BatchNorm1d and
/// BatchNorm2d computed the same way, with the same state, but without the temporary scalars of its batch counter,
/// which a garbage collection can free while libtorch reads them.
/// </summary>
public sealed class ScalarSafeBatchNormTests
{
    public static TheoryData<int> SpatialDimensions => new() { 1, 2 };

    [Theory]
    [MemberData(nameof(SpatialDimensions))]
    public void Training_and_evaluation_are_bit_for_bit_TorchSharps_and_so_is_the_saved_state(int spatialDimensions)
    {
        using var scope = NewDisposeScope();
        using var ours = new ScalarSafeBatchNorm(spatialDimensions, 6, eps: 1e-3, momentum: 0.2);
        using nn.Module<Tensor, Tensor> theirs = spatialDimensions == 2
            ? nn.BatchNorm2d(6, eps: 1e-3, momentum: 0.2)
            : nn.BatchNorm1d(6, eps: 1e-3, momentum: 0.2);
        random.manual_seed(3);
        long[] shape = spatialDimensions == 2 ? [8, 6, 5, 5] : [8, 6];

        for (var step = 0; step < 5; step++)
        {
            var batch = randn(shape) * 3 + step;
            Assert.True(ours.call(batch).eq(theirs.call(batch)).all().item<bool>(), $"training step {step} differs");
        }

        ours.eval();
        theirs.eval();
        var test = randn(shape);
        Assert.True(ours.call(test).eq(theirs.call(test)).all().item<bool>(), "evaluation differs");

        var oursState = ours.state_dict();
        var theirsState = theirs.state_dict();
        Assert.Equal(theirsState.Keys.Order(), oursState.Keys.Order());
        foreach (var (name, value) in theirsState)
        {
            Assert.True(oursState[name].eq(value).all().item<bool>(), $"{name} differs");
        }

        Assert.Equal(5, ours.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void A_batch_of_the_wrong_rank_is_refused_in_the_layers_terms()
    {
        using var norm = new ScalarSafeBatchNorm(2, 4);
        using var flat = zeros(3, 4);
        var error = Assert.Throws<ArgumentException>(() => norm.call(flat));
        Assert.Contains("BatchNorm2d expects a 4D input [N, C, H, W], but got 2D input", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SpatialDimensions))]
    [Trait("Category", "Slow")]
    public void Training_steps_survive_garbage_collections_forced_by_another_thread(int spatialDimensions)
    {
        using var norm = new ScalarSafeBatchNorm(spatialDimensions, 4);
        using var batch = randn(spatialDimensions == 2 ? [16, 4, 3, 3] : [16, 4]);
        using var collections = ForcedCollections.Start();

        // 20,000 steps, or fewer on a slow machine; TorchSharp's BatchNorm2d stopped a corruption-augmented training
        // run within its first epoch with "Unknown scalar type".
        var clock = Stopwatch.StartNew();
        var steps = 0;
        while (steps < 20_000 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var scope = NewDisposeScope();
            norm.call(batch);
            steps++;
        }

        Assert.Equal(steps, norm.num_batches_tracked!.item<long>());
    }
}
