using Digits.Sdk.Modeling;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>Where training starts: pick the network, then configure the run fluently and end with <c>Fit</c>.</summary>
/// <example>
/// <code>
/// using var mnist = await Datasets.Mnist.LoadAsync();
/// using var data = mnist.Train.Split(validation: 5_000, seed: 42);
/// var run = Trainer.For&lt;MnistCnn&gt;()
///     .Optimizer(Optimizers.AdamW(learningRate: 3e-3, weightDecay: 5e-4))
///     .Schedule(Schedules.OneCycle())
///     .Epochs(15).BatchSize(128)
///     .EarlyStopping(patience: 3)
///     .Checkpoints("runs/cnn")
///     .Fit(data.Train, data.Validation, progress, cancellationToken);
/// Console.WriteLine(run.BestEpoch);
/// </code>
/// </example>
public static class Trainer
{
    /// <summary>Trains a new <typeparamref name="TNetwork"/>, created after the run's seed is set so its initial weights are reproducible.</summary>
    /// <typeparam name="TNetwork">A declared network.</typeparam>
    /// <returns>A builder with the <see cref="TrainingDefaults"/> and a constant learning rate, on the CPU.</returns>
    public static TrainingBuilder<TNetwork> For<TNetwork>()
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork, new()
        => new(static () => new TNetwork(), new TrainingOptions());

    /// <summary>Trains a network made by <paramref name="create"/>, which is called once per run after the seed is set.</summary>
    /// <param name="create">Creates the network (any module from images to logits).</param>
    /// <returns>A builder with the defaults of <see cref="For{TNetwork}()"/>.</returns>
    public static TrainingBuilder<nn.Module<Tensor, Tensor>> For(Func<nn.Module<Tensor, Tensor>> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new(create, new TrainingOptions());
    }

    /// <summary>
    /// Trains an existing network in place (fine-tuning). Its initial weights are whatever it has, so runs are
    /// reproducible only if it was created after <c>torch.manual_seed</c>; prefer <see cref="For{TNetwork}()"/>.
    /// </summary>
    /// <typeparam name="TNetwork">The network type.</typeparam>
    /// <param name="network">The network to train; every run of the builder continues training it.</param>
    /// <returns>A builder with the defaults of <see cref="For{TNetwork}()"/>.</returns>
    public static TrainingBuilder<TNetwork> For<TNetwork>(TNetwork network)
        where TNetwork : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(network);
        return new(() => network, new TrainingOptions());
    }
}
