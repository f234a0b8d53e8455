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
            var weightDecay = options.weight_decay!.Value;
            using var decay = weightDecay.ToScalar();
            using var moments = new AdamMomentStep(options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.LearningRate!.Value);
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (TorchSharp.Modules.Adam.State)_state[parameter.Handle];
                state.step += 1;
                if (weightDecay != 0)
                {
                    grad = grad.add(parameter, decay);
                }

                moments.Apply(parameter, grad, state.step, state.exp_avg, state.exp_avg_sq, grad.conj());
            }
        },
        closure);
}
