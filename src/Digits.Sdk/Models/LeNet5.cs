using Digits.Sdk.Modeling;
using Digits.Sdk.Training;

namespace Digits.Sdk.Models;

/// <summary>
/// LeNet-5 (LeCun et al., 1998) with ReLU and max pooling: two 5×5 convolutions (6 and 16 channels), then 120, 84
/// and 10 units. About 99.0% on the MNIST test set.
/// </summary>
/// <remarks>Recipe: <see cref="Recipe"/>.</remarks>
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Conv2d(6, Kernel = 5, Padding = 2), ReLU, MaxPool2d(2)]
[Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
[Flatten, Linear(120), ReLU, Linear(84), ReLU, Linear(10)]
public sealed partial class LeNet5
{
    /// <summary>How to train it: AdamW (lr 3e-3, weight decay 5e-4) with one-cycle, 10 epochs of batches of 128.</summary>
    public static TrainingRecipe Recipe { get; } = new()
    {
        Optimizer = OptimizerKind.AdamW,
        LearningRate = 3e-3,
        WeightDecay = 5e-4,
        Schedule = ScheduleKind.OneCycle,
        Epochs = 10,
        BatchSize = 128,
    };
}
