using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>The validation loss and accuracy of a network during training, scored by <see cref="ScoringLoop"/>.</summary>
internal static class BatchedScoring
{
    /// <summary>The mean loss and the accuracy of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static (double Loss, double Accuracy) LossAndAccuracy(nn.Module<Tensor, Tensor> model, DigitDataset data, LossFunction loss, Device device, int batchSize)
    {
        double lossSum = 0;
        long correct = 0;
        ScoringLoop.ForEachBatch(model, data, batchSize, device, (logits, labels) =>
        {
            var onDevice = labels.to(device);
            lossSum += loss.Compute(logits, onDevice).item<float>() * labels.shape[0];
            correct += logits.argmax(1).eq(onDevice).sum().item<long>();
        });
        return (lossSum / data.Count, (double)correct / data.Count);
    }
}
