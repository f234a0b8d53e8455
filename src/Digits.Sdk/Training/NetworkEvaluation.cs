using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>Evaluates a trained network on a labelled data set.</summary>
public static class NetworkEvaluation
{
    /// <summary>
    /// Predicts every image of <paramref name="data"/> (evaluation mode, no gradients, in batches) and reports
    /// accuracy, per-class metrics, the confusion matrix and the log-loss of the softmax probabilities.
    /// </summary>
    /// <param name="model">A network from images to logits; it is left in evaluation mode.</param>
    /// <param name="data">The labelled images, such as the MNIST test set.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>The report.</returns>
    /// <example>
    /// <code>
    /// var report = run.Model.Evaluate(mnist.Test);
    /// Console.WriteLine(report.ToMarkdown());
    /// </code>
    /// </example>
    public static EvaluationReport Evaluate(this nn.Module<Tensor, Tensor> model, DigitDataset data, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Native.TorchRuntime.EnsureAvailable();

        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var accumulator = new EvaluationAccumulator(data.ClassNames);
        model.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var end = Math.Min(data.Count, start + batchSize);
            var probabilities = model.forward(data.Images[start..end].to(device)).softmax(1);
            accumulator.Add(data.Labels[start..end], probabilities);
        }

        return accumulator.ToReport();
    }
}
