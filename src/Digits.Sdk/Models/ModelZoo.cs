using Digits.Sdk.Modeling;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Models;

/// <summary>
/// The networks the SDK ships, from logistic regression to a CNN ensemble's members, each with its expected MNIST
/// accuracy and training recipe. Find one by name, create it, or train it in one call.
/// </summary>
/// <example>
/// <code>
/// foreach (var model in ModelZoo.All)
/// {
///     Console.WriteLine($"{model.Name}: {model.ExpectedAccuracy:P1} with {model.Recipe}");
/// }
///
/// var run = ModelZoo.Get("lenet5").Fit(mnist.Train);
/// </code>
/// </example>
public static class ModelZoo
{
    /// <summary>Every zoo model, from the simplest to the most accurate.</summary>
    public static IReadOnlyList<ZooModel> All { get; } =
    [
        Entry<LogisticRegression>(LogisticRegression.Architecture, LogisticRegression.Recipe, 0.925, "Multinomial logistic regression on the pixels."),
        Entry<LinearSvm>(LinearSvm.Architecture, LinearSvm.Recipe, 0.915, "A linear multi-class SVM (Crammer–Singer hinge loss)."),
        Entry<RbfSvm>(RbfSvm.Architecture, RbfSvm.Recipe, 0.98, "An RBF-kernel SVM approximated with 8,192 random Fourier features."),
        Entry<Mlp>(Mlp.Architecture, Mlp.Recipe, 0.982, "A two-hidden-layer perceptron with batch normalization and dropout."),
        Entry<LeNet5>(LeNet5.Architecture, LeNet5.Recipe, 0.989, "LeNet-5 with ReLU and max pooling."),
        Entry<FastCnn>(FastCnn.Architecture, FastCnn.Recipe, 0.99, "A small CNN with batch normalization that reaches 99% in one epoch."),
        Entry<TopCnn>(TopCnn.Architecture, TopCnn.Recipe, 0.996, "A VGG-style CNN trained with augmentation; ensemble several for 99.7%."),
    ];

    /// <summary>The names of the zoo models, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names => All.Select(model => model.Name).ToList();

    /// <summary>Finds a zoo model by its class name, ignoring case.</summary>
    /// <param name="name">A name such as <c>FastCnn</c> or <c>lenet5</c>.</param>
    /// <returns>The model, or null when no zoo model has that name.</returns>
    public static ZooModel? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(model => string.Equals(model.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Gets a zoo model by its class name, ignoring case.</summary>
    /// <param name="name">A name such as <c>FastCnn</c>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="KeyNotFoundException">No zoo model has that name; the message lists the names there are.</exception>
    public static ZooModel Get(string name)
        => Find(name) ?? throw new KeyNotFoundException($"There is no network named '{name}' in the model zoo; the zoo has {string.Join(", ", Names)}.");

    private static ZooModel Entry<TNetwork>(NetworkArchitecture architecture, TrainingRecipe recipe, double expectedAccuracy, string description)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork, new()
        => new(typeof(TNetwork), architecture, recipe, expectedAccuracy, description, static () => new TNetwork());
}
