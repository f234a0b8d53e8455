using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

/// <summary>The data set travels with the model: from the training set to the run, the checkpoint and the ONNX file.</summary>
public sealed class DatasetRecordTests
{
    [Fact]
    public async Task A_network_trained_on_Fashion_MNIST_exports_Fashion_MNISTs_classes_normalisation_and_preprocessing_from_its_checkpoint_alone()
    {
        using var fashion = await Datasets.LoadFolderAsync(TestData.FashionMnist);
        using var small = fashion.Train.Take(2_000);
        using var folder = new TemporaryFolder();

        var run = Trainer.For<TinyLinear>().Epochs(1).Fit(small);
        using (run.Model)
        {
            Assert.Equal(Datasets.FashionMnist.Identity, run.Dataset);
            Assert.Equal(run.Dataset, NetworkDatasets.Of(run.Model));
            run.SaveCheckpoint(folder.File("fashion.ckpt"));
        }

        // Nothing but the checkpoint: no data set, no options.
        using var loaded = Checkpoint.Load<TinyLinear>(folder.File("fashion.ckpt"));
        loaded.ExportOnnx(folder.File("fashion.onnx"));

        using var classifier = DigitClassifier.Load(folder.File("fashion.onnx"));
        Assert.Equal("fashion-mnist", classifier.Metadata.Dataset);
        Assert.Equal(Datasets.FashionMnist.ClassNames, classifier.Metadata.ClassNames);
        Assert.Equal([0.2860f], classifier.Metadata.NormalizationMean);
        Assert.Equal([0.3530f], classifier.Metadata.NormalizationStandardDeviation);
        Assert.Equal(ImagePreprocessing.None, classifier.Metadata.Preprocessing);
    }

    [Fact]
    public async Task A_network_trained_on_a_users_own_three_class_folder_exports_its_names_and_measured_normalisation()
    {
        using var parent = new TemporaryFolder();
        using var data = await Datasets.LoadFolderAsync(DatasetFolders.ThreeBands(parent));

        var run = Trainer.For<ThreeClassLinear>().Epochs(2).BatchSize(32).Fit(data.Train);
        using (run.Model)
        {
            Assert.True(run.Model.Evaluate(data.Test).Accuracy > 0.95, "three bands are linearly separable");
            run.SaveCheckpoint(parent.File("bands.ckpt"));
        }

        var checkpoint = Checkpoint.Read(parent.File("bands.ckpt"));
        Assert.Equal(data.Identity, checkpoint.Dataset);
        using var loaded = Checkpoint.Load<ThreeClassLinear>(parent.File("bands.ckpt"));
        loaded.ExportOnnx(parent.File("bands.onnx"));

        using var classifier = DigitClassifier.Load(parent.File("bands.onnx"));
        Assert.Equal("three-bands", classifier.Metadata.Dataset);
        Assert.Equal(["0", "1", "2"], classifier.Metadata.ClassNames);
        Assert.Equal([(float)data.Identity.Normalization.Mean], classifier.Metadata.NormalizationMean);
        Assert.Equal([(float)data.Identity.Normalization.Std], classifier.Metadata.NormalizationStandardDeviation);
    }

    [Fact]
    public void A_checkpoint_written_before_data_sets_were_recorded_loads_as_MNIST_with_a_note_saying_so()
    {
        using var folder = new TemporaryFolder();
        using var network = new TinyLinear();
        var manifest = new CheckpointManifest
        {
            FormatVersion = Checkpoint.FormatVersion,
            Network = nameof(TinyLinear),
            ArchitectureHash = TinyLinear.Architecture.Hash,
            Optimizer = "AdamW",
            Seed = 42,
            Epoch = 1,
            Epochs = 1,
            SavedAt = DateTimeOffset.UtcNow,
            History = [],
        };
        Checkpoint.Write(folder.File("old.ckpt"), manifest, network, optimizer: null);

        var checkpoint = Checkpoint.Read(folder.File("old.ckpt"));

        Assert.Equal(Datasets.Mnist.Identity, checkpoint.Dataset);
        Assert.Contains("saved before checkpoints recorded their data set, so MNIST is assumed", checkpoint.Dataset.Note);
        Assert.Contains("--dataset", checkpoint.Dataset.Note);
    }

    [Fact]
    public async Task Resuming_on_another_data_set_is_refused_naming_both()
    {
        using var fashion = await Datasets.LoadFolderAsync(TestData.FashionMnist);
        using var mnist = await Datasets.LoadFolderAsync(TestData.Mnist);
        using var fashionSmall = fashion.Train.Take(500);
        using var mnistSmall = mnist.Train.Take(500);
        using var folder = new TemporaryFolder();
        using (Trainer.For<TinyLinear>().Epochs(1).Checkpoints(folder.Path).Fit(fashionSmall).Model)
        {
        }

        var error = Assert.Throws<ResumeMismatchException>(() =>
            Trainer.For<TinyLinear>().Epochs(2).Resume(Path.Combine(folder.Path, "last.ckpt")).Fit(mnistSmall));

        Assert.Contains("Fashion-MNIST", error.Message);
        Assert.Contains("MNIST: 10 classes", error.Message);
    }

    [Fact]
    public async Task A_validation_set_of_other_classes_is_refused()
    {
        using var fashion = await Datasets.LoadFolderAsync(TestData.FashionMnist);
        using var mnist = await Datasets.LoadFolderAsync(TestData.Mnist);
        using var train = mnist.Train.Take(100);
        using var validation = fashion.Test.Take(100);

        var error = Assert.Throws<ArgumentException>(() => Trainer.For<TinyLinear>().Epochs(1).Fit(train, validation));

        Assert.Contains("Ankle boot", error.Message);
    }

    [Fact]
    public async Task A_network_with_more_outputs_than_the_data_set_has_classes_is_refused()
    {
        using var parent = new TemporaryFolder();
        using var data = await Datasets.LoadFolderAsync(DatasetFolders.ThreeBands(parent));

        var error = Assert.Throws<ArgumentException>(() => Trainer.For<TinyLinear>().Epochs(1).Fit(data.Train));

        Assert.Contains("TinyLinear predicts 10 classes, but 'three-bands/train' has 3", error.Message);
    }
}
