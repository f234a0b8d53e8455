using Digits.Sdk.Native;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>The losses a training run can minimise, for <see cref="TrainingBuilder{TNetwork}.Loss"/>.</summary>
public static class Losses
{
    /// <summary>Softmax cross-entropy, optionally with label smoothing: the loss for classifiers with probabilities.</summary>
    /// <param name="labelSmoothing">How much probability mass to spread evenly over all classes, in [0, 1).</param>
    /// <returns>The loss.</returns>
    public static LossFunction CrossEntropy(double labelSmoothing = 0)
    {
        if (labelSmoothing is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1).");
        }

        return new CrossEntropyLoss(labelSmoothing);
    }

    /// <summary>
    /// The Crammer–Singer multi-class hinge loss, <c>max(0, margin + max_{j≠y} s_j − s_y)</c>, which makes a linear
    /// layer a multi-class SVM (unlike PyTorch's <c>multi_margin_loss</c>, which sums over the wrong classes).
    /// </summary>
    /// <param name="margin">The margin the true class must win by.</param>
    /// <returns>The loss.</returns>
    public static LossFunction MultiClassHinge(double margin = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(margin);
        return new CrammerSingerHinge(margin);
    }

    private sealed class CrossEntropyLoss(double labelSmoothing) : LossFunction
    {
        public override Tensor Compute(Tensor logits, Tensor labels)
            => nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing);

        public override string ToString() => labelSmoothing == 0 ? "CrossEntropy" : $"CrossEntropy(labelSmoothing={labelSmoothing})";
    }

    private sealed class CrammerSingerHinge(double margin) : LossFunction
    {
        public override Tensor Compute(Tensor logits, Tensor labels)
        {
            using var scope = NewDisposeScope();
            var index = labels.unsqueeze(1);
            var trueScore = logits.gather(1, index);

            // The true class's own term is margin, not 0; overwriting it with 0 makes the row maximum
            // max(0, max over the wrong classes) in one reduction.
            var margins = (logits - trueScore).Plus(margin).scatter(1, index, zeros_like(trueScore));
            return margins.amax(1).mean().MoveToOuterDisposeScope();
        }

        public override string ToString() => $"MultiClassHinge(margin={margin})";
    }
}
