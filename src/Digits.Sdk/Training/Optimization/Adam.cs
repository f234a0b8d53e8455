using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Training.Optimization;

/// <summary>
/// TorchSharp's Adam (weight decay as an L2 term of the gradient) with every <see cref="Scalar"/> it hands to
/// libtorch kept referenced until the call returns; see <see cref="AdamW"/> for why.
/// </summary>
internal sealed class Adam : TorchSharp.Modules.Adam
{
    public Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1, double beta2, double weightDecay)
        : base(parameters, learningRate, beta1, beta2, weight_decay: weightDecay)
    {
    }

    /// <inheritdoc/>
    public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.Adam.ParamGroup>(
        group =>
        {
            var options = (TorchSharp.Modules.Adam.Options)group.Options;
            var (beta1, beta2, learningRate, weightDecay) = (options.beta1!.Value, options.beta2!.Value, options.LearningRate!.Value, options.weight_decay!.Value);
            using var decay = weightDecay.ToScalar();
            using var firstMomentKeep = beta1.ToScalar();
            using var firstMomentTake = (1 - beta1).ToScalar();
            using var secondMomentKeep = beta2.ToScalar();
            using var secondMomentTake = (1 - beta2).ToScalar();
            using var epsilon = options.eps!.Value.ToScalar();
            using var one = 1.ToScalar();
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (TorchSharp.Modules.Adam.State)_state[parameter.Handle];
                state.step += 1;
                var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
                var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
                if (weightDecay != 0)
                {
                    grad = grad.add(parameter, decay);
                }

                state.exp_avg.mul_(firstMomentKeep).add_(grad, firstMomentTake);
                state.exp_avg_sq.mul_(secondMomentKeep).addcmul_(grad, grad.conj(), secondMomentTake);
                using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
                using var stepSize = (-(learningRate / biasCorrection1)).ToScalar();
                var denominator = state.exp_avg_sq.sqrt().div_(rootCorrection2).add_(epsilon, one);
                parameter.addcdiv_(state.exp_avg, denominator, stepSize);
            }
        },
        closure);
}
