using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Training.Optimization;

/// <summary>
/// TorchSharp's AdamW with the same update, state and checkpoint format, but every <see cref="Scalar"/> it hands
/// to libtorch stays referenced until the call returns.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's optimizers convert numbers to temporary scalars whose only reference is the call's argument
/// (<c>param.addcdiv_(exp_avg, denom, value: -step_size)</c>). A garbage collection started by any other thread
/// while libtorch runs can finalize such a scalar and free it under libtorch, which then fails with "Expected false
/// to be true" or "Unknown scalar type" from <c>c10::Scalar</c>, or reads a wrong value. Here every scalar is held
/// (a <see langword="using"/> local, or a field of <see cref="AdamMomentStep"/>) until the step is over. The arithmetic
/// is TorchSharp's, operation for operation, so the results are bit for bit the same.
/// <para>
/// The class is named like TorchSharp's on purpose: a saved optimizer state starts with the type's name and loading
/// checks it, so checkpoints stay interchangeable with those written by TorchSharp's <c>AdamW</c>.
/// </para>
/// </remarks>
internal sealed class AdamW : TorchSharp.Modules.AdamW
{
    public AdamW(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1, double beta2, double weightDecay)
        : base(parameters, learningRate, beta1, beta2, weight_decay: weightDecay)
    {
    }

    /// <inheritdoc/>
    public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.AdamW.ParamGroup>(
        group =>
        {
            var options = (TorchSharp.Modules.AdamW.Options)group.Options;
            var learningRate = options.LearningRate!.Value;
            using var decay = (1 - (learningRate * options.weight_decay!.Value)).ToScalar();
            using var moments = new AdamMomentStep(options.beta1!.Value, options.beta2!.Value, options.eps!.Value, learningRate);
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (TorchSharp.Modules.AdamW.State)_state[parameter.Handle];
                state.step += 1;
                parameter.mul_(decay);
                moments.Apply(parameter, grad, state.step, state.exp_avg, state.exp_avg_sq, grad);
            }
        },
        closure);
}
