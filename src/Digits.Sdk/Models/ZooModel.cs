using Digits.Sdk.Data;
using Digits.Sdk.Modeling;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Models;

/// <summary>One entry of the <see cref="ModelZoo"/>: a shipped network, what to expect from it and how to train it.</summary>
public sealed class ZooModel
{
    private readonly Func<nn.Module<Tensor, Tensor>> create;

    internal ZooModel(Type type, NetworkArchitecture architecture, TrainingRecipe recipe, double expectedAccuracy, string description, Func<nn.Module<Tensor, Tensor>> create)
    {
        Type = type;
        Architecture = architecture;
        Recipe = recipe;
        ExpectedAccuracy = expectedAccuracy;
        Description = description;
        this.create = create;
    }

    /// <summary>The network's class name, such as <c>FastCnn</c>.</summary>
    public string Name => Architecture.Name;

    /// <summary>The network's type.</summary>
    public Type Type { get; }

    /// <summary>The layers, shapes and parameter counts.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The recommended way to train it.</summary>
    public TrainingRecipe Recipe { get; }

    /// <summary>The MNIST test accuracy, in [0, 1], that training with <see cref="Recipe"/> on the 60,000 training images reaches at least.</summary>
    public double ExpectedAccuracy { get; }

    /// <summary>What the network is, in one sentence.</summary>
    public string Description { get; }

    /// <summary>A new, untrained instance with fresh random weights.</summary>
    /// <returns>The network; the caller owns it.</returns>
    public nn.Module<Tensor, Tensor> Create() => create();

    /// <summary>A training builder for a new instance, configured with <paramref name="recipe"/> (default: <see cref="Recipe"/>).</summary>
    /// <param name="recipe">The recipe to use instead of the recommended one, e.g. a tuned copy.</param>
    /// <returns>A builder; add checkpoints, early stopping or threads, then call <c>Fit</c>.</returns>
    public TrainingBuilder<nn.Module<Tensor, Tensor>> Trainer(TrainingRecipe? recipe = null)
        => (recipe ?? Recipe).Configure(Training.Trainer.For(create));

    /// <summary>Trains a new instance with <paramref name="recipe"/> (default: <see cref="Recipe"/>) in one call.</summary>
    /// <param name="train">The training images.</param>
    /// <param name="validation">Held-out images measured after every epoch, if any.</param>
    /// <param name="recipe">The recipe to use instead of the recommended one.</param>
    /// <param name="progress">Receives the trainer's reports.</param>
    /// <param name="cancellationToken">Stops training between two batches.</param>
    /// <returns>The trained model and its history.</returns>
    /// <example>
    /// <code>
    /// using var mnist = await Datasets.Mnist.LoadAsync();
    /// var run = ModelZoo.Get("FastCnn").Fit(mnist.Train);
    /// Console.WriteLine(run.Model.Evaluate(mnist.Test).Accuracy);
    /// </code>
    /// </example>
    public TrainingRun<nn.Module<Tensor, Tensor>> Fit(DigitDataset train, DigitDataset? validation = null, TrainingRecipe? recipe = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => Trainer(recipe).Fit(train, validation, progress, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
