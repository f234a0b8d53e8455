using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Training.Optimization;

/// <summary>
/// The part Adam and AdamW share: updating the two moment estimates and stepping the parameter by their bias-corrected
/// ratio, with the group's scalars held for the whole step (see <see cref="AdamW"/>).
/// </summary>
internal sealed class AdamMomentStep : IDisposable
{
    private readonly double beta1;
    private readonly double beta2;
    private readonly double learningRate;
    private readonly Scalar firstMomentKeep;
    private readonly Scalar firstMomentTake;
    private readonly Scalar secondMomentKeep;
    private readonly Scalar secondMomentTake;
    private readonly Scalar epsilon;
    private readonly Scalar one = 1.ToScalar();

    public AdamMomentStep(double beta1, double beta2, double epsilon, double learningRate)
    {
        (this.beta1, this.beta2, this.learningRate) = (beta1, beta2, learningRate);
        firstMomentKeep = beta1.ToScalar();
        firstMomentTake = (1 - beta1).ToScalar();
        secondMomentKeep = beta2.ToScalar();
        secondMomentTake = (1 - beta2).ToScalar();
        this.epsilon = epsilon.ToScalar();
    }

    /// <summary>TorchSharp's Adam update after its weight-decay handling, for step number <paramref name="step"/> (from 1).</summary>
    public void Apply(Tensor parameter, Tensor grad, long step, Tensor firstMoment, Tensor secondMoment, Tensor secondMomentGrad)
    {
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        firstMoment.mul_(firstMomentKeep).add_(grad, firstMomentTake);
        secondMoment.mul_(secondMomentKeep).addcmul_(grad, secondMomentGrad, secondMomentTake);
        using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-(learningRate / biasCorrection1)).ToScalar();
        var denominator = secondMoment.sqrt().div_(rootCorrection2).add_(epsilon, one);
        parameter.addcdiv_(firstMoment, denominator, stepSize);
    }

    public void Dispose()
    {
        foreach (var scalar in new[] { firstMomentKeep, firstMomentTake, secondMomentKeep, secondMomentTake, epsilon, one })
        {
            scalar.Dispose();
        }
    }
}
