using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Data;

public sealed class DigitDatasetTests
{
    /// <summary>A data set whose image i is filled with the value i, so any batch reveals which samples it holds.</summary>
    internal static DigitDataset Numbered(int count, int classes = 10, Func<int, int>? labelOf = null)
    {
        labelOf ??= i => i % classes;
        var images = arange(count, dtype: ScalarType.Float32).reshape(count, 1, 1, 1).expand(count, 1, 2, 2).contiguous();
        var labels = tensor(Enumerable.Range(0, count).Select(i => (long)labelOf(i)).ToArray());
        var names = Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new DigitDataset(images, labels, names, Normalization.UnitRange, "numbered");
    }

    private static int[] Ids(DigitDataset dataset) => dataset.Images[.., 0, 0, 0].data<float>().Select(v => (int)v).ToArray();

    [Fact]
    public void A_split_holds_out_the_requested_count_with_the_class_proportions()
    {
        // Classes of sizes 600, 300 and 100.
        using var dataset = Numbered(1000, classes: 3, labelOf: i => i < 600 ? 0 : i < 900 ? 1 : 2);

        using var split = dataset.Split(validation: 100, seed: 7);

        Assert.Equal(900, split.Train.Count);
        Assert.Equal(100, split.Validation.Count);
        Assert.Equal([60, 30, 10], split.Validation.ClassCounts());
        Assert.Empty(Ids(split.Train).Intersect(Ids(split.Validation)));
        Assert.Equal(Enumerable.Range(0, 1000), Ids(split.Train).Concat(Ids(split.Validation)).Order());
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        using var dataset = Numbered(500);

        using var first = dataset.Split(50, seed: 42);
        using var again = dataset.Split(50, seed: 42);
        using var other = dataset.Split(50, seed: 43);

        Assert.Equal(Ids(first.Validation), Ids(again.Validation));
        Assert.NotEqual(Ids(first.Validation), Ids(other.Validation));
    }

    [Fact]
    public void The_split_is_fixed_by_its_definition_not_by_the_runtime()
    {
        // These indices come from the SplitMix64 definition; if they move, every published split moves.
        using var dataset = Numbered(20, classes: 2);

        using var split = dataset.Split(4, seed: 42);

        var expected = StratifiedSplit.Choose(Enumerable.Range(0, 20).Select(i => (long)(i % 2)).ToArray(), 2, 4, 42).Validation;
        Assert.Equal(expected, Ids(split.Validation));

        // SplitMix64's published reference sequence for seed 0.
        var generator = new DeterministicRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, generator.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, generator.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, generator.NextUInt64());
    }

    [Fact]
    public void Batches_cover_every_sample_once_with_a_partial_last_batch()
    {
        using var dataset = Numbered(10);

        var seen = new List<int>();
        var sizes = new List<int>();
        foreach (var batch in dataset.Batches(batchSize: 4, shuffle: true, seed: 1, epoch: 0))
        {
            sizes.Add(batch.Count);
            seen.AddRange(batch.Images[.., 0, 0, 0].data<float>().Select(v => (int)v));
            Assert.Equal(batch.Labels.data<long>().ToArray(), batch.Images[.., 0, 0, 0].data<float>().Select(v => (long)v % 10).ToArray());
        }

        Assert.Equal([4, 4, 2], sizes);
        Assert.Equal(Enumerable.Range(0, 10), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 10), seen);
    }

    [Fact]
    public void Dropping_the_last_batch_skips_the_remainder()
    {
        using var dataset = Numbered(10);

        Assert.Equal([4, 4], dataset.Batches(4, dropLast: true).Select(b => b.Count).ToArray());
    }

    [Fact]
    public void Each_epoch_has_its_own_order_and_each_order_is_reproducible()
    {
        using var dataset = Numbered(64);

        var epoch0 = dataset.Order(shuffle: true, seed: 5, epoch: 0);
        var epoch1 = dataset.Order(shuffle: true, seed: 5, epoch: 1);

        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(epoch0, dataset.Order(shuffle: true, seed: 5, epoch: 0));
        Assert.Equal(Enumerable.Range(0, 64), dataset.Order(shuffle: false, seed: 5, epoch: 0));
    }

    [Fact]
    public void Take_and_subset_copy_the_chosen_samples()
    {
        using var dataset = Numbered(10);

        using var first = dataset.Take(3);
        using var picked = dataset.Subset([7, 2]);

        Assert.Equal([0, 1, 2], Ids(first));
        Assert.Equal([7, 2], Ids(picked));
        Assert.Equal([7L, 2], picked.Labels.data<long>().ToArray());
    }

    [Fact]
    public void A_dataset_rejects_labels_outside_its_classes()
    {
        using var images = zeros(2, 1, 2, 2);
        using var labels = tensor(new long[] { 0, 3 });

        var error = Assert.Throws<ArgumentException>(() => new DigitDataset(images, labels, ["a", "b", "c"], Normalization.UnitRange));

        Assert.Contains("Label 3", error.Message);
    }
}
