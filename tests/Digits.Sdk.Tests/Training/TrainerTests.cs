using Digits.Sdk.Data;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class TrainerTests(MnistFixture mnist)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Training_a_small_network_on_MNIST_lowers_the_loss_and_beats_chance_by_far()
    {
        using var train = mnist.Data.Train.Take(8_000);
        var reports = new List<TrainingProgress>();

        // 2 epochs of 125 batches: a few hundred optimizer steps.
        var run = Trainer.For<TinyCnn>()
            .Optimizer(Optimizers.AdamW(learningRate: 3e-3))
            .Epochs(2).BatchSize(64)
            .Fit(train, mnist.Validation, new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(2, run.History.Count);
        var firstBatches = reports.Where(r => r.Phase == TrainingPhase.Training && r.Epoch == 1).Take(5).Last();
        Assert.True(run.History[1].TrainLoss < firstBatches.Loss / 3, $"loss went from {firstBatches.Loss} to {run.History[1].TrainLoss}");
        Assert.True(run.History[1].TrainLoss < run.History[0].TrainLoss);
        Assert.True(run.History[1].ValidationAccuracy > 0.9, $"validation accuracy {run.History[1].ValidationAccuracy}");
        Assert.False(run.Model.training);
    }

    [Fact]
    public void The_same_seed_gives_identical_metrics_and_another_seed_does_not()
    {
        var builder = Trainer.For<TinyCnn>().Epochs(2).BatchSize(100).Augment((images, random) => Augment.RandomAffine(images, shift: 0.1, rotate: 10, generator: random));

        using var train = mnist.Data.Train.Take(600);
        var first = builder.Seed(7).Fit(train, mnist.Validation);
        var second = builder.Seed(7).Fit(train, mnist.Validation);
        var other = builder.Seed(8).Fit(train, mnist.Validation);

        Assert.Equal(Numbers(first.History), Numbers(second.History));
        Assert.NotEqual(Numbers(first.History), Numbers(other.History));
    }

    [Fact]
    public void Progress_reports_every_batch_with_throughput_and_an_estimate()
    {
        var reports = new List<TrainingProgress>();
        using var train = mnist.Data.Train.Take(1_000);

        Trainer.For<TinyLinear>().Epochs(2).BatchSize(300).Fit(train, mnist.Validation, new SynchronousProgress<TrainingProgress>(reports.Add));

        var training = reports.Where(r => r.Phase == TrainingPhase.Training).ToList();
        Assert.Equal([1, 2, 3, 4, 1, 2, 3, 4], training.Select(r => r.Batch));
        Assert.All(training, r => Assert.Equal(4, r.BatchesPerEpoch));
        Assert.All(training, r => Assert.True(r.ImagesPerSecond > 0));
        Assert.NotNull(training[^1].EstimatedRemaining);
        Assert.Equal(2, reports.Count(r => r.Phase == TrainingPhase.Validating));
        Assert.Equal(TrainingPhase.Completed, reports[^1].Phase);
    }

    [Fact]
    public void Full_batch_LBFGS_fits_logistic_regression()
    {
        using var train = mnist.Data.Train.Take(5_000);

        var run = Trainer.For<TinyLinear>()
            .Optimizer(Optimizers.Lbfgs(iterationsPerEpoch: 20, l2: 1e-3))
            .Epochs(3)
            .Fit(train, mnist.Validation);

        Assert.Equal(3, run.History.Count);
        Assert.True(run.History[2].TrainLoss < run.History[0].TrainLoss);
        Assert.True(run.History[2].ValidationAccuracy > 0.85, $"validation accuracy {run.History[2].ValidationAccuracy}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Full_batch_LBFGS_fits_logistic_regression_on_all_of_MNIST_like_scikit_learn()
    {
        // l2 = 1 / (C · n) with scikit-learn's default C = 1 turns its summed loss into our mean loss.
        var run = Trainer.For<TinyLinear>()
            .Optimizer(Optimizers.Lbfgs(iterationsPerEpoch: 25, l2: 1.0 / 60_000))
            .Epochs(8)
            .Fit(mnist.Data.Train, mnist.Data.Test);

        Assert.True(run.History[^1].ValidationAccuracy > 0.915, $"test accuracy {run.History[^1].ValidationAccuracy} after {run.Elapsed}");
    }

    [Fact]
    public void A_linear_SVM_trains_with_the_multiclass_hinge_loss()
    {
        var run = Trainer.For<TinyLinear>()
            .Optimizer(Optimizers.Sgd(learningRate: 0.01, momentum: 0.9, nesterov: true))
            .Schedule(Schedules.Cosine())
            .Loss(Losses.MultiClassHinge())
            .Epochs(3).BatchSize(50)
            .Fit(mnist.Small, mnist.Validation);

        Assert.True(run.History[2].ValidationAccuracy > 0.8, $"validation accuracy {run.History[2].ValidationAccuracy}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Early_stopping_restores_the_weights_of_the_best_epoch()
    {
        // 300 images and a large learning rate overfit quickly, so the validation loss turns upward.
        using var train = mnist.Data.Train.Take(300);

        var run = Trainer.For<TinyCnn>()
            .Optimizer(Optimizers.Adam(learningRate: 1e-2))
            .Epochs(30).BatchSize(30)
            .EarlyStopping(patience: 2)
            .Fit(train, mnist.Validation);

        Assert.True(run.StoppedEarly);
        Assert.NotNull(run.BestEpoch);
        Assert.True(run.BestEpoch.Epoch < run.History.Count);
        var (loss, _) = BatchedScoring.LossAndAccuracy(run.Model, mnist.Validation, Losses.CrossEntropy(), run.Device, 1024);
        Assert.Equal(run.BestEpoch.ValidationLoss!.Value, loss, 5);
    }

    [Fact]
    public void Early_stopping_without_a_validation_set_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Trainer.For<TinyLinear>().EarlyStopping().Fit(mnist.Small));
        Assert.Contains("validation set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_for_other_images_is_refused_with_both_shapes()
    {
        using var small = new DigitDataset(TorchSharp.torch.zeros(4, 1, 14, 14), TorchSharp.torch.zeros(4, TorchSharp.torch.int64), DatasetIdentity.NumberedClasses(10), new Normalization(0, 1));

        var error = Assert.Throws<ArgumentException>(() => Trainer.For<TinyLinear>().Fit(small));
        Assert.Contains("[1, 28, 28]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 14, 14]", error.Message, StringComparison.Ordinal);
    }

    internal static double[] Numbers(TrainingHistory history) =>
        [.. history.SelectMany(e => new[] { e.TrainLoss, e.TrainAccuracy, e.ValidationLoss ?? -1, e.ValidationAccuracy ?? -1, e.LearningRate })];
}
