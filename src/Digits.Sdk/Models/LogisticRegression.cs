using Digits.Sdk.Modeling;
using Digits.Sdk.Training;

namespace Digits.Sdk.Models;

/// <summary>
/// Multinomial logistic regression on 28×28 grayscale digits: the pixels, flattened, go through one linear
/// layer to the 10 class scores. The baseline every other network should beat: about 92.5–93% on the MNIST test
/// set (scikit-learn's lbfgs logistic regression: 92.66%).
/// </summary>
/// <remarks>Recipe: <see cref="Recipe"/> (AdamW with one-cycle, cross-entropy, 5 epochs of batches of 128; a few seconds on two cores).</remarks>
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Flatten, Linear(10)]
public sealed partial class LogisticRegression
{
    /// <summary>How to train it: AdamW (lr 3e-3, weight decay 1e-4) with one-cycle, cross-entropy, 5 epochs of batches of 128.</summary>
    public static TrainingRecipe Recipe { get; } = new()
    {
        Optimizer = OptimizerKind.AdamW,
        LearningRate = 3e-3,
        WeightDecay = 1e-4,
        Schedule = ScheduleKind.OneCycle,
        Epochs = 5,
        BatchSize = 128,
    };
}
