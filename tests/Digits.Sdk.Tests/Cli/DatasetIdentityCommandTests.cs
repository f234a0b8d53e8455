using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

/// <summary>The tool names a data set as the SDK does, and what it trained on reaches the exported model without being repeated.</summary>
public sealed class DatasetIdentityCommandTests
{
    [Fact]
    public void Data_info_calls_a_59999_image_subset_of_MNIST_the_users_own_data_set()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.MnistWithoutTheLastTrainingImage(parent);

        var info = DigitsTool.Run("data", "info", folder, "--json");

        Assert.True(info.ExitCode == 0, info.StandardError);
        using var report = JsonDocument.Parse(info.StandardOutput);
        Assert.Equal("mnist-59999", report.RootElement.GetProperty("dataset").GetString());
        Assert.False(report.RootElement.GetProperty("known").GetBoolean());
        Assert.Equal(59_999, report.RootElement.GetProperty("splits").GetProperty("train").GetProperty("count").GetInt32());
        Assert.Contains("your own data set 'mnist-59999'", info.StandardError);
        Assert.DoesNotContain("Kuzushiji", info.Output);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Train_evaluate_and_data_info_all_name_MNIST_with_one_pixel_changed_as_the_users_own_never_KMNIST()
    {
        using var parent = new TemporaryFolder();
        var folder = DatasetFolders.MnistWithOnePixelChanged(parent);
        var checkpoint = parent.File("lr.ckpt");

        var train = DigitsTool.Run("train", "LogisticRegression", "--data", folder, "--epochs", "1", "--out", checkpoint, "--json");
        var evaluate = DigitsTool.Run("evaluate", checkpoint, "--data", folder);
        var info = DigitsTool.Run("data", "info", folder);

        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.True(evaluate.ExitCode == 0, evaluate.StandardError);
        Assert.True(info.ExitCode == 0, info.StandardError);
        // Evaluation reads only the test files, which are MNIST's own here (the changed pixel is in the training images):
        // it names both, the checkpoint's data set as the user's.
        Assert.Contains("was trained on mnist-one-pixel, but is evaluated on MNIST", evaluate.StandardError);
        foreach (var run in new[] { train, info })
        {
            Assert.Contains("taken as your own data set 'mnist-one-pixel'", run.StandardError);
        }

        foreach (var run in new[] { train, evaluate, info })
        {
            Assert.DoesNotContain("kmnist", run.Output, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("after 1 epoch, on mnist/test", evaluate.StandardOutput);
        Assert.Contains("your own data set", info.StandardOutput);
        using var report = JsonDocument.Parse(train.StandardOutput);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], report.RootElement.GetProperty("perClass").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], Checkpoint.Read(checkpoint).Dataset.ClassNames);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_checkpoint_trained_on_Fashion_MNIST_exports_as_Fashion_MNIST_without_being_told()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = folder.File("f.ckpt");
        var model = Path.Combine(folder.Path, "nested", "f.onnx");

        var train = DigitsTool.Run("train", "LogisticRegression", "--data", TestData.FashionMnist, "--epochs", "1", "--out", checkpoint, "--json");
        Assert.True(train.ExitCode == 0, train.StandardError);
        var export = DigitsTool.Run("export", checkpoint, "--onnx", model, "--json");

        Assert.True(export.ExitCode == 0, export.StandardError);
        Assert.Equal(string.Empty, export.StandardError);
        using (var exported = JsonDocument.Parse(export.StandardOutput))
        {
            Assert.Equal("fashion-mnist", exported.RootElement.GetProperty("dataset").GetString());
        }

        using var classifier = DigitClassifier.Load(model);
        Assert.Equal(Datasets.FashionMnist.ClassNames, classifier.Metadata.ClassNames);
        Assert.Equal([0.2860f], classifier.Metadata.NormalizationMean);
        Assert.Equal(ImagePreprocessing.None, classifier.Metadata.Preprocessing);
    }

    [Fact]
    public void Training_a_ten_class_network_on_a_three_class_folder_is_one_clear_error()
    {
        using var parent = new TemporaryFolder();
        // Enough training images for the tool's 5,000-image validation hold-out.
        var folder = DatasetFolders.ThreeBands(parent, trainCount: 6_000);

        var train = DigitsTool.Run("train", "LogisticRegression", "--data", folder, "--epochs", "1", "--out", parent.File("x.ckpt"));

        Assert.Equal(1, train.ExitCode);
        Assert.Contains("LogisticRegression predicts 10 classes, but 'three-bands/train' has 3", train.StandardError);
        Assert.DoesNotContain("   at ", train.StandardError);
    }
}
