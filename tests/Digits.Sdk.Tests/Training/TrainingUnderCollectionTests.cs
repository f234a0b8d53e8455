using Digits.Sdk.Data;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// A training run while another thread forces garbage collections, as a progress display or any other thread of the
/// application may cause them. TorchSharp's own optimizers fail such a run within a second (see
/// <see cref="ScalarSafeOptimizerTests"/>); the trainer's optimizer, loss and augmentation keep their scalars alive.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainingUnderCollectionTests(MnistFixture mnist)
{
    [Theory]
    [InlineData("AdamW")]
    [InlineData("SGD")]
    [Trait("Category", "Slow")]
    public void Training_completes_while_another_thread_forces_collections(string optimizer)
    {
        using var train = mnist.Small.Take(400);
        var builder = Trainer.For<TinyLinear>()
            .Optimizer(optimizer == "SGD" ? Optimizers.Sgd(nesterov: true, weightDecay: 1e-4) : Optimizers.AdamW())
            .Loss(Losses.MultiClassHinge())
            .Augment((images, random) => Augment.Elastic(Augment.RandomAffine(images, generator: random), alpha: 8, generator: random))
            .Epochs(8)
            .BatchSize(4);

        TrainingRun<TinyLinear> run;
        using (ForcedCollections.Start())
        {
            run = builder.Fit(train); // 800 steps
        }

        using var model = run.Model;
        Assert.Equal(8, run.History.Count);
        Assert.All(run.History, epoch => Assert.True(double.IsFinite(epoch.TrainLoss)));
    }
}
