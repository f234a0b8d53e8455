using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>The optimizers a training run can use, for <see cref="TrainingBuilder{TNetwork}.Optimizer"/>.</summary>
/// <example>
/// <code>
/// Trainer.For&lt;MnistCnn&gt;().Optimizer(Optimizers.Sgd(learningRate: 0.05, momentum: 0.9, nesterov: true));
/// Trainer.For&lt;LogisticRegression&gt;().Optimizer(Optimizers.Lbfgs(l2: 1e-4)).Epochs(10);
/// </code>
/// </example>
public static class Optimizers
{
    /// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum and L2 weight decay.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">The momentum factor; 0 for plain SGD.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (needs a positive <paramref name="momentum"/>).</param>
    /// <param name="weightDecay">The L2 penalty added to the gradients.</param>
    /// <returns>The optimizer settings.</returns>
    public static OptimizerSettings Sgd(double learningRate = 0.01, double momentum = TrainingDefaults.Momentum, bool nesterov = false, double weightDecay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && momentum <= 0)
        {
            throw new ArgumentException("Nesterov momentum needs a positive momentum factor.", nameof(nesterov));
        }

        return new SgdSettings(learningRate, momentum, nesterov, weightDecay);
    }

    /// <summary>Adam, with the L2 penalty (if any) added to the gradients as in the original paper.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">The decay of the running mean of gradients.</param>
    /// <param name="beta2">The decay of the running mean of squared gradients.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradients.</param>
    /// <returns>The optimizer settings.</returns>
    public static OptimizerSettings Adam(double learningRate = TrainingDefaults.LearningRate, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 0)
    {
        CheckBetas(beta1, beta2);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        return new AdamFamily("Adam", learningRate, beta1, beta2, weightDecay, decoupled: false);
    }

    /// <summary>AdamW: Adam with decoupled weight decay, usually the best first choice for networks.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="weightDecay">The decoupled weight decay.</param>
    /// <param name="beta1">The decay of the running mean of gradients.</param>
    /// <param name="beta2">The decay of the running mean of squared gradients.</param>
    /// <returns>The optimizer settings.</returns>
    public static OptimizerSettings AdamW(double learningRate = TrainingDefaults.LearningRate, double weightDecay = 1e-2, double beta1 = 0.9, double beta2 = 0.999)
    {
        CheckBetas(beta1, beta2);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        return new AdamFamily("AdamW", learningRate, beta1, beta2, weightDecay, decoupled: true);
    }

    /// <summary>
    /// Full-batch L-BFGS, for convex models such as logistic regression and linear SVMs: every epoch is one
    /// optimizer step of up to <paramref name="iterationsPerEpoch"/> iterations over the whole training set.
    /// The batch size, schedule and augmentation do not apply.
    /// </summary>
    /// <param name="learningRate">The step length (1 is right for most convex problems).</param>
    /// <param name="iterationsPerEpoch">The L-BFGS iterations per epoch.</param>
    /// <param name="historySize">How many past updates approximate the Hessian.</param>
    /// <param name="l2">An L2 penalty <c>l2/2 · ‖w‖²</c> on every parameter, added to the loss (L-BFGS has no weight decay of its own).</param>
    /// <param name="gradientTolerance">Stop a step early when the largest gradient entry falls below this.</param>
    /// <returns>The optimizer settings.</returns>
    /// <remarks>
    /// The loss and gradients over the whole set are computed in chunks, accumulating gradients, so memory stays
    /// bounded by a chunk's activations whatever the size of the data set. TorchSharp keeps L-BFGS's state in
    /// native code, so checkpoints of L-BFGS runs hold the weights but not the curvature history; a resumed run
    /// rebuilds it in a few iterations.
    /// </remarks>
    public static OptimizerSettings Lbfgs(double learningRate = 1, int iterationsPerEpoch = 20, int historySize = 20, double l2 = 0, double gradientTolerance = 1e-7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterationsPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(l2);
        ArgumentOutOfRangeException.ThrowIfNegative(gradientTolerance);
        return new FullBatchLbfgs(learningRate, iterationsPerEpoch, historySize, l2, gradientTolerance);
    }

    private static void CheckBetas(double beta1, double beta2)
    {
        if (beta1 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        }

        if (beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        }
    }

    private sealed class SgdSettings(double learningRate, double momentum, bool nesterov, double weightDecay)
        : OptimizerSettings("SGD", learningRate)
    {
        internal override optim.Optimizer Create(IEnumerable<Parameter> parameters)
            => new Optimization.SGD(parameters, LearningRate, momentum, weightDecay, nesterov);
    }

    private sealed class AdamFamily(string name, double learningRate, double beta1, double beta2, double weightDecay, bool decoupled)
        : OptimizerSettings(name, learningRate)
    {
        internal override optim.Optimizer Create(IEnumerable<Parameter> parameters) => decoupled
            ? new Optimization.AdamW(parameters, LearningRate, beta1, beta2, weightDecay)
            : new Optimization.Adam(parameters, LearningRate, beta1, beta2, weightDecay);
    }

    private sealed class FullBatchLbfgs(double learningRate, int iterations, int historySize, double l2, double gradientTolerance)
        : OptimizerSettings("LBFGS", learningRate)
    {
        internal override bool IsFullBatch => true;

        internal override double L2Penalty => l2;

        internal override optim.Optimizer Create(IEnumerable<Parameter> parameters)
            => optim.LBFGS(parameters, LearningRate, max_iter: iterations, max_eval: iterations * 5 / 4, tolerange_grad: gradientTolerance, tolerance_change: 1e-12, history_size: historySize);
    }
}
