using Digits.Sdk.Data;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Data;

/// <summary><see cref="Datasets.LoadTestFolderAsync"/>: the test set alone, which is all an evaluation reads.</summary>
public sealed class TestFolderLoadingTests
{
    [Fact]
    public async Task A_folder_of_only_MNISTs_test_files_is_MNISTs_test_set()
    {
        using var parent = new TemporaryFolder();
        var folder = OnlyTheTestFiles(parent, TestData.Mnist);

        using var test = await Datasets.LoadTestFolderAsync(folder);

        Assert.Equal(Datasets.Mnist.Identity, test.Identity);
        Assert.Null(test.Identity.Note);
        Assert.Equal("mnist/test", test.Name);
        Assert.Equal(10_000, test.Count);
    }

    [Fact]
    public async Task The_test_set_alone_is_the_test_set_of_the_whole_folder()
    {
        using var whole = await Datasets.LoadFolderAsync(TestData.Mnist);
        using var alone = await Datasets.LoadTestFolderAsync(TestData.Mnist);

        Assert.Equal(whole.Test.Identity, alone.Identity);
        Assert.True(whole.Test.Images.equal(alone.Images).all().item<bool>());
        Assert.True(whole.Test.Labels.equal(alone.Labels).all().item<bool>());
    }

    [Fact]
    public async Task A_folder_without_the_test_labels_names_that_file()
    {
        using var parent = new TemporaryFolder();
        var folder = OnlyTheTestFiles(parent, TestData.Mnist);
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => Datasets.LoadTestFolderAsync(folder));

        Assert.Contains("lacks the test labels (t10k-labels-idx1-ubyte.gz", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_files_of_ones_own_are_normalised_as_told_or_else_by_their_own_pixels()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.ThreeBands(parent);
        foreach (var file in Directory.GetFiles(folder, "train-*"))
        {
            File.Delete(file);
        }

        using var measured = await Datasets.LoadTestFolderAsync(folder);
        using var told = await Datasets.LoadTestFolderAsync(folder, new DatasetFolderOptions { Normalization = new Normalization(0.5, 0.25) });

        Assert.False(measured.Identity.IsKnown);
        Assert.Equal(3, measured.ClassCount);
        Assert.Contains("of its 150 test images", measured.Identity.Note, StringComparison.Ordinal);
        Assert.Equal(new Normalization(0.5, 0.25), told.Normalization);
        Assert.Contains("normalised with the given mean 0.5, std 0.25", told.Identity.Note, StringComparison.Ordinal);
    }

    /// <summary>A copy of <paramref name="source"/>'s two test files, in a folder of their own.</summary>
    internal static string OnlyTheTestFiles(TemporaryFolder parent, string source)
    {
        var folder = Directory.CreateDirectory(parent.File("test-only")).FullName;
        foreach (var file in Directory.GetFiles(source, "t10k-*"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }
}
