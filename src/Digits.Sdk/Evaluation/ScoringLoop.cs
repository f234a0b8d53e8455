using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// The one loop that runs a network over a whole data set to score it: in evaluation mode and without gradients
/// (the network's mode is restored afterwards), batch by batch. Each batch runs in its own dispose scope, so its
/// activations (hundreds of MB for a CNN at batch 1,000) are freed before the next batch runs; a caller that keeps
/// something of a batch moves it out with <c>MoveToOuterDisposeScope</c>.
/// </summary>
internal static class ScoringLoop
{
    /// <summary>Calls <paramref name="score"/> with every batch's outputs (on <paramref name="device"/>) and labels (on the CPU).</summary>
    public static void ForEachBatch(nn.Module<Tensor, Tensor> model, DigitDataset data, int batchSize, Device device, Action<Tensor, Tensor> score)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var end = Math.Min(data.Count, start + batchSize);
                score(model.forward(data.Images[start..end].to(device)), data.Labels[start..end]);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The device of the network's parameters: where its batches must go (the CPU for a network without parameters).</summary>
    public static Device DeviceOf(nn.Module<Tensor, Tensor> model) => model.parameters().FirstOrDefault()?.device ?? CPU;
}
