using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Data;

/// <summary>
/// Tests that count live tensors process-wide (<see cref="Tensor.TotalCount"/>), so they run alone: a test in
/// another class creating tensors at the same time would change the count.
/// </summary>
[Collection(TensorCounting.Name)]
public sealed class TensorLeakTests
{
    [Fact]
    public void Iterating_batches_leaves_no_tensors_alive()
    {
        using var dataset = DigitDatasetTests.Numbered(100);
        foreach (var batch in dataset.Batches(8))
        {
            _ = batch.Count;
        }

        var before = Tensor.TotalCount;
        foreach (var batch in dataset.Batches(8, epoch: 1))
        {
            using var scope = NewDisposeScope();
            _ = (batch.Images * 2).sum();
        }

        Assert.Equal(before, Tensor.TotalCount);
    }

    [Fact]
    public void Augmenting_inside_a_scope_leaves_only_the_result()
    {
        using var images = AugmentTests.Batch();
        var before = Tensor.TotalCount;

        using (var result = Augment.Elastic(images, generator: new Generator(1)))
        {
            Assert.Equal(before + 1, Tensor.TotalCount);
        }

        Assert.Equal(before, Tensor.TotalCount);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCounting
{
    public const string Name = "Counts live tensors";
}
