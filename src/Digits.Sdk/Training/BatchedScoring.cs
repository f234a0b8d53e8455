using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>Runs a network over a whole data set in evaluation mode, without gradients, batch by batch.</summary>
internal static class BatchedScoring
{
    /// <summary>The mean loss and the accuracy of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static (double Loss, double Accuracy) LossAndAccuracy(nn.Module<Tensor, Tensor> model, DigitDataset data, LossFunction loss, Device device, int batchSize)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0;
            long correct = 0;
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var end = Math.Min(data.Count, start + batchSize);
                var images = data.Images[start..end].to(device);
                var labels = data.Labels[start..end].to(device);
                var logits = model.forward(images);
                lossSum += loss.Compute(logits, labels).item<float>() * (end - start);
                correct += logits.argmax(1).eq(labels).sum().item<long>();
            }

            return (lossSum / data.Count, (double)correct / data.Count);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
