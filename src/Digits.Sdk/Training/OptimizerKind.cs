namespace Digits.Sdk.Training;

/// <summary>The optimizer a <see cref="TrainingRecipe"/> trains with.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with Nesterov momentum (<see cref="Optimizers.Sgd"/>).</summary>
    Sgd,

    /// <summary>Adam (<see cref="Optimizers.Adam"/>).</summary>
    Adam,

    /// <summary>AdamW, Adam with decoupled weight decay (<see cref="Optimizers.AdamW"/>).</summary>
    AdamW,

    /// <summary>Full-batch L-BFGS for convex models (<see cref="Optimizers.Lbfgs"/>); the weight decay is its L2 penalty.</summary>
    Lbfgs,
}
