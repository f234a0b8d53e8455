namespace Digits.Sdk.Training;

/// <summary>The loss a <see cref="TrainingRecipe"/> minimises.</summary>
public enum LossKind
{
    /// <summary>Softmax cross-entropy, with the recipe's label smoothing (<see cref="Losses.CrossEntropy"/>).</summary>
    CrossEntropy,

    /// <summary>The Crammer–Singer multi-class hinge loss, which makes a linear output an SVM (<see cref="Losses.MultiClassHinge"/>).</summary>
    MultiClassHinge,
}
