using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Data;

/// <summary>A data set's identity is never guessed: known content is recognised by checksum, anything else is the user's own.</summary>
public sealed class DatasetIdentityTests
{
    [Fact]
    public async Task The_real_MNIST_files_are_recognised_as_MNIST_with_digit_preprocessing()
    {
        using var data = await Datasets.LoadFolderAsync(TestData.Mnist);

        Assert.Equal(Datasets.Mnist.Identity, data.Identity);
        Assert.True(data.Identity.IsKnown);
        Assert.Null(data.Identity.Note);
        Assert.Equal(ImagePreprocessing.Digit, data.Train.Identity.Preprocessing);
        Assert.Equal("mnist/test", data.Test.Name);
        Assert.All(data.Files, file => Assert.Equal(DatasetFileState.Verified, file.State));
    }

    [Fact]
    public async Task The_real_Fashion_MNIST_files_are_recognised_as_Fashion_MNIST_without_digit_preprocessing()
    {
        using var data = await Datasets.LoadFolderAsync(TestData.FashionMnist);

        Assert.Equal("fashion-mnist", data.Identity.Name);
        Assert.Equal("Ankle boot", data.Test.ClassNames[9]);
        Assert.Equal(ImagePreprocessing.None, data.Identity.Preprocessing);
        Assert.Equal(Datasets.FashionMnist.Normalization, data.Train.Normalization);
    }

    [Fact]
    public async Task A_data_root_with_a_catalog_subfolder_loads_that_data_set()
    {
        using var data = await Datasets.LoadFolderAsync(TestData.Root);

        Assert.True(data.Identity.IsKnown);
        Assert.Contains(data.Identity.Name, Datasets.All.Select(d => d.Name));
    }

    [Fact]
    public async Task MNIST_with_one_pixel_changed_is_the_users_own_data_set_never_KMNIST()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.MnistWithOnePixelChanged(parent);

        using var data = await Datasets.LoadFolderAsync(folder);

        Assert.False(data.Identity.IsKnown);
        Assert.Equal("mnist-one-pixel", data.Identity.Name);
        Assert.Equal("mnist-one-pixel/test", data.Test.Name);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], data.Identity.ClassNames);
        Assert.Equal(ImagePreprocessing.None, data.Identity.Preprocessing);
        Assert.Contains("train-images-idx3-ubyte does not have MNIST's content", data.Identity.Note);
        Assert.Contains("your own data set 'mnist-one-pixel'", data.Identity.Note);
        Assert.DoesNotContain("Kuzushiji", data.Identity.ToString());

        // Measured on its own training images: one pixel moves MNIST's mean by less than a millionth.
        Assert.Equal(0.1307, data.Identity.Normalization.Mean, 3);
        Assert.Equal(0.3081, data.Identity.Normalization.Std, 3);
        Assert.Equal(DatasetFileState.Unrecognized, data.Files[0].State);
    }

    [Fact]
    public async Task A_59999_image_subset_of_MNIST_is_the_users_own_data_set()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.MnistWithoutTheLastTrainingImage(parent);

        using var data = await Datasets.LoadFolderAsync(folder);

        Assert.False(data.Identity.IsKnown);
        Assert.Equal(59_999, data.Train.Count);
        Assert.Equal(10, data.Identity.ClassCount);
        Assert.Contains("train-images-idx3-ubyte and train-labels-idx1-ubyte do not have MNIST's content", data.Identity.Note);
    }

    [Fact]
    public async Task KMNIST_is_not_loaded_from_files_it_cannot_verify()
    {
        // The old behaviour: KMNIST publishes no content checksum, so MNIST-named files of any content passed as KMNIST.
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.MnistWithOnePixelChanged(parent);

        var error = await Assert.ThrowsAsync<DatasetChecksumException>(() => Datasets.Kmnist.LoadAsync(folder));

        Assert.Contains("MD5", error.Message);
        Assert.Contains("train-images-idx3-ubyte", error.FilePath);
    }

    [Fact]
    public async Task A_users_own_folder_gets_numbered_classes_and_the_normalisation_of_its_training_images()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.ThreeBands(parent);

        using var data = await Datasets.LoadFolderAsync(folder);

        Assert.Equal("three-bands", data.Identity.Name);
        Assert.Equal(["0", "1", "2"], data.Identity.ClassNames);
        Assert.Equal([1, 28, 28], data.Identity.ImageShape);
        Assert.Contains("matches none of MNIST, Fashion-MNIST, Kuzushiji-MNIST", data.Identity.Note);
        Assert.Contains("3 classes named 0 to 2", data.Identity.Note);

        using var raw = IdxReader.ReadRawImages(Path.Combine(folder, DatasetFolders.TrainImages + ".gz"));
        Assert.Equal(Normalization.Measure(raw.bytes), data.Identity.Normalization);

        // Normalised with that: mean 0 and standard deviation 1 over the training images.
        Assert.Equal(0, data.Train.Images.mean().item<float>(), 3);
        Assert.Equal(1, data.Train.Images.std().item<float>(), 2);
    }

    [Fact]
    public async Task Given_names_and_normalisation_are_used_for_a_users_own_folder()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.ThreeBands(parent);
        var options = new DatasetFolderOptions { Name = "bands", ClassNames = ["top", "middle", "bottom"], Normalization = new(0.5, 0.25), Preprocessing = ImagePreprocessing.Digit };

        using var data = await Datasets.LoadFolderAsync(folder, options);

        Assert.Equal("bands", data.Identity.Name);
        Assert.Equal(["top", "middle", "bottom"], data.Test.ClassNames);
        Assert.Equal(new Normalization(0.5, 0.25), data.Test.Normalization);
        Assert.Equal(ImagePreprocessing.Digit, data.Identity.Preprocessing);
        Assert.Contains("named as given", data.Identity.Note);
    }

    [Fact]
    public async Task A_label_without_a_given_class_name_is_an_error_naming_the_file_and_offset()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.ThreeBands(parent);

        var error = await Assert.ThrowsAsync<IdxFormatException>(() => Datasets.LoadFolderAsync(folder, new DatasetFolderOptions { ClassNames = ["top", "middle"] }));

        // Sample 2 is the first of class 2; labels start after the 8-byte header.
        Assert.Contains("train-labels-idx1-ubyte.gz", error.Message);
        Assert.Equal(10, error.Offset);
        Assert.Contains("0..1", error.Message);
    }

    [Fact]
    public async Task A_folder_missing_a_file_names_what_is_missing()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.ThreeBands(parent);
        File.Delete(Path.Combine(folder, DatasetFolders.TestLabels + ".gz"));

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => Datasets.LoadFolderAsync(folder));

        Assert.Contains("test labels (t10k-labels-idx1-ubyte.gz", error.Message);
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_says_so()
    {
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Datasets.LoadFolderAsync("/no/such/data"));

        Assert.Contains("'/no/such/data' does not exist", error.Message);
    }
}
