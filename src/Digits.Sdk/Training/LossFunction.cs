using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// What a training run minimises: a scalar computed from a batch of logits and labels. Create one with
/// <see cref="Losses"/>, or derive your own.
/// </summary>
public abstract class LossFunction
{
    /// <summary>The mean loss over a batch.</summary>
    /// <param name="logits">The network's raw outputs, <c>[batch, classes]</c>.</param>
    /// <param name="labels">The true classes, int64 <c>[batch]</c>.</param>
    /// <returns>A scalar tensor that gradients flow through.</returns>
    public abstract Tensor Compute(Tensor logits, Tensor labels);
}
