using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// Adam (no weight decay) for the test networks, written out so that every <see cref="Scalar"/> it hands
/// to native code stays referenced until the call returns.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's optimizers pass temporary scalars (<c>addcmul_(g, g, value: 1 - beta2)</c>) whose only
/// reference is the argument; a garbage collection during the native call may finalize one while libtorch still
/// reads it. In the parallel test run this showed as "Expected false to be true, but got false" from
/// <c>c10::Scalar::toFloat</c> inside <c>Adam.step</c>, failing the fixture that trains these networks (twice in
/// about ten runs). Here the constant scalars are fields and the per-step ones are <c>using</c> locals.
/// </remarks>
internal sealed class HeldScalarAdam : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;

    private readonly Parameter[] parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly Scalar beta1 = Beta1.ToScalar();
    private readonly Scalar beta2 = Beta2.ToScalar();
    private readonly Scalar oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar epsilon = 1e-8.ToScalar();
    private readonly double learningRate;
    private int steps;

    public HeldScalarAdam(IEnumerable<Parameter> parameters, double learningRate)
    {
        this.parameters = [.. parameters];
        this.learningRate = learningRate;
        firstMoments = [.. this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        secondMoments = [.. this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
    }

    public void ZeroGrad()
    {
        foreach (var parameter in parameters)
        {
            parameter.grad?.zero_();
        }
    }

    public void Step()
    {
        steps++;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, steps)).ToScalar();
        using var stepSize = (-learningRate / (1 - Math.Pow(Beta1, steps))).ToScalar();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].grad is not { } grad)
            {
                continue;
            }

            firstMoments[i].mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            secondMoments[i].mul_(beta2).addcmul_(grad, grad, value: oneMinusBeta2);
            var denominator = secondMoments[i].sqrt().div_(correction2).add_(epsilon);
            parameters[i].addcdiv_(firstMoments[i], denominator, value: stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var moment in firstMoments.Concat(secondMoments))
        {
            moment.Dispose();
        }

        foreach (var scalar in new[] { beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon })
        {
            scalar.Dispose();
        }
    }
}
