using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Training.Optimization;

/// <summary>
/// TorchSharp's SGD (momentum, Nesterov, weight decay as an L2 term) with every <see cref="Scalar"/> it hands to
/// libtorch kept referenced until the call returns; see <see cref="AdamW"/> for why.
/// </summary>
internal sealed class SGD : TorchSharp.Modules.SGD
{
    public SGD(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double momentum, double weightDecay, bool nesterov)
        : base(parameters, learningRate, momentum, dampening: 0, weight_decay: weightDecay, nesterov: nesterov)
    {
    }

    /// <inheritdoc/>
    public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.SGD.ParamGroup>(
        group =>
        {
            var options = group.Options;
            var (momentum, weightDecay, nesterov) = (options.momentum!.Value, options.weight_decay!.Value, options.nesterov!.Value);
            using var decay = weightDecay.ToScalar();
            using var momentumScalar = momentum.ToScalar();
            using var take = (1 - options.dampening!.Value).ToScalar();
            using var descent = (-options.LearningRate!.Value).ToScalar();
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (TorchSharp.Modules.SGD.State)_state[parameter.Handle];
                if (weightDecay != 0)
                {
                    grad = grad.add(parameter, decay);
                }

                if (momentum != 0)
                {
                    if (state.momentum_buffer is not { } buffer)
                    {
                        state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
                    }
                    else
                    {
                        buffer.mul_(momentumScalar).add_(grad, take);
                    }

                    grad = nesterov ? grad.add(state.momentum_buffer, momentumScalar) : state.momentum_buffer;
                }

                parameter.add_(grad, descent);
            }
        },
        closure);
}
