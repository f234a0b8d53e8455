using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Data;

/// <summary>
/// Tests that tensors the data layer creates are disposed: each tensor is asked, never the process-wide count,
/// which other tests' finalizers move at any moment.
/// </summary>
[Collection(TensorCounting.Name)]
public sealed class TensorLeakTests
{
    [Fact]
    public void Iterating_batches_disposes_each_batch_when_it_moves_on()
    {
        using var dataset = DigitDatasetTests.Numbered(100);
        var seen = new List<Tensor>();

        foreach (var batch in dataset.Batches(8, epoch: 1))
        {
            using var scope = NewDisposeScope();
            _ = (batch.Images * 2).sum();
            seen.Add(batch.Images);
            seen.Add(batch.Labels);
        }

        // Asked of each tensor, not of the process-wide count, which other tests' finalizers also move.
        Assert.Equal(26, seen.Count);
        Assert.All(seen, tensor => Assert.True(tensor.IsInvalid));
    }

    [Fact]
    public void Augmenting_inside_a_scope_leaves_only_the_result()
    {
        using var images = AugmentTests.Batch();
        using var scope = NewDisposeScope();

        var result = Augment.Elastic(images, generator: new Generator(1));

        // The temporaries were disposed inside; the caller's scope holds the result alone.
        Assert.Equal(1, scope.DisposablesCount);
        Assert.Same(result, scope.DisposablesView.Single());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCounting
{
    public const string Name = "Counts live tensors";
}
