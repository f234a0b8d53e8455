using Digits.Sdk.Modeling;
using Digits.Sdk.Training;

namespace Digits.Sdk.Models;

/// <summary>
/// A linear multi-class support vector machine: the flattened pixels through one linear layer, trained with the
/// Crammer–Singer hinge loss. About 91.5–92.5% on the MNIST test set (scikit-learn's LinearSVC: 91.82%).
/// </summary>
/// <remarks>Recipe: <see cref="Recipe"/> (AdamW with one-cycle, multi-class hinge, 5 epochs of batches of 128).</remarks>
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Flatten, Linear(10)]
public sealed partial class LinearSvm
{
    /// <summary>How to train it: AdamW (lr 1e-3, weight decay 1e-4) with one-cycle, multi-class hinge loss, 5 epochs of batches of 128.</summary>
    public static TrainingRecipe Recipe { get; } = new()
    {
        Optimizer = OptimizerKind.AdamW,
        LearningRate = 1e-3,
        WeightDecay = 1e-4,
        Schedule = ScheduleKind.OneCycle,
        Loss = LossKind.MultiClassHinge,
        Epochs = 5,
        BatchSize = 128,
    };
}
