using Digits.Sdk.Data;

namespace Digits.Sdk.Tests.Data;

/// <summary>Reads the real MNIST and Fashion-MNIST files from <see cref="TestData.Root"/>.</summary>
public sealed class RealDataTests
{
    [Fact]
    public async Task Mnist_has_60000_training_and_10000_test_images_of_28_by_28()
    {
        using var mnist = await Datasets.Mnist.LoadAsync(TestData.Root);

        Assert.Equal(60_000, mnist.Train.Count);
        Assert.Equal(10_000, mnist.Test.Count);
        Assert.Equal([60_000L, 1, 28, 28], mnist.Train.Images.shape);
        Assert.Equal([10_000L], mnist.Test.Labels.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, mnist.Train.Images.dtype);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, mnist.Train.Labels.dtype);

        // The class counts MNIST's documentation and every framework report.
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], mnist.Train.ClassCounts());
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], mnist.Test.ClassCounts());
    }

    [Fact]
    public async Task Fashion_mnist_has_balanced_classes_and_its_own_class_names()
    {
        using var fashion = await Datasets.FashionMnist.LoadAsync(TestData.Root);

        Assert.All(fashion.Train.ClassCounts(), count => Assert.Equal(6_000, count));
        Assert.All(fashion.Test.ClassCounts(), count => Assert.Equal(1_000, count));
        Assert.Equal("Ankle boot", fashion.Train.ClassNames[9]);
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion-mnist")]
    public void The_catalog_normalisation_matches_the_measured_training_pixels(string name)
    {
        var info = Datasets.Find(name)!;
        using var raw = IdxReader.ReadRawImages(TestData.PathOf(name, info.TrainImages.FileName));

        var measured = Normalization.Measure(raw.bytes);

        Assert.Equal(info.Normalization.Mean, measured.Mean, 3);
        Assert.Equal(info.Normalization.Std, measured.Std, 3);
    }

    [Fact]
    public async Task Loaded_images_are_normalised_with_the_catalog_values()
    {
        using var mnist = await Datasets.Mnist.LoadAsync(TestData.Root);

        Assert.Equal(0.0, mnist.Train.Images.mean().item<float>(), 2);
        Assert.Equal(1.0, mnist.Train.Images.std().item<float>(), 2);
        Assert.Equal(Datasets.Mnist.Normalization, mnist.Train.Normalization);
    }

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion-mnist")]
    public async Task Every_shared_file_verifies_against_the_catalog_content_checksums(string name)
    {
        var statuses = await Datasets.Find(name)!.VerifyAsync(TestData.Root);

        Assert.Equal(4, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(DatasetFileState.Verified, s.State));
        Assert.All(statuses, s => Assert.StartsWith(Path.Combine(TestData.Root, name), s.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void The_shared_mnist_labels_are_the_canonical_gz_files_byte_for_byte()
    {
        foreach (var file in new[] { Datasets.Mnist.TrainLabels, Datasets.Mnist.TestLabels })
        {
            Assert.Equal(file.GzipMd5, ContentHash.Md5OfFile(TestData.PathOf("mnist", file.FileName)));
        }
    }

    [Fact]
    public async Task A_root_holding_the_files_directly_works_like_one_with_a_subfolder()
    {
        var statuses = await Datasets.Mnist.VerifyAsync(TestData.Mnist);

        Assert.All(statuses, s => Assert.Equal(DatasetFileState.Verified, s.State));
    }

    [Fact]
    public async Task Another_data_sets_files_fail_the_content_checksum()
    {
        var error = await Assert.ThrowsAsync<DatasetChecksumException>(() => Datasets.FashionMnist.LoadAsync(TestData.Mnist));

        Assert.Contains("SHA-256", error.Algorithm);
        Assert.StartsWith(TestData.Mnist, error.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mnist_split_is_stratified_and_stable()
    {
        using var mnist = await Datasets.Mnist.LoadAsync(TestData.Root);

        using var split = mnist.Train.Split(validation: 5_000, seed: 42);

        Assert.Equal(55_000, split.Train.Count);
        var all = mnist.Train.ClassCounts();
        var held = split.Validation.ClassCounts();
        for (var c = 0; c < 10; c++)
        {
            Assert.InRange(held[c], (all[c] * 5_000 / 60_000) - 1, (all[c] * 5_000 / 60_000) + 1);
        }
    }

    [Fact]
    public void Datasets_are_found_by_loose_names()
    {
        Assert.Same(Datasets.FashionMnist, Datasets.Find("FashionMnist"));
        Assert.Same(Datasets.FashionMnist, Datasets.Find("fashion_mnist"));
        Assert.Same(Datasets.Kmnist, Datasets.Find("KMNIST"));
        Assert.Null(Datasets.Find("cifar10"));
    }
}
