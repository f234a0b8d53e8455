using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>Runs a trained network over a data set: class probabilities and the full <see cref="EvaluationReport"/>.</summary>
/// <example>
/// <code>
/// var report = run.Model.Evaluate(mnist.Test);
/// Console.WriteLine(report.ToText());
/// </code>
/// </example>
public static class NetworkEvaluation
{
    /// <summary>
    /// The softmax of the network's outputs for every image, <c>[images, classes]</c> float32 on the CPU, computed
    /// in evaluation mode without gradients (the network's mode is restored afterwards).
    /// </summary>
    /// <param name="model">A network from images to logits (or SVM scores).</param>
    /// <param name="data">The images.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>The probabilities; the caller owns the tensor.</returns>
    public static Tensor PredictProbabilities(this nn.Module<Tensor, Tensor> model, DigitDataset data, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var parts = new List<Tensor>();
            for (var start = 0; start < data.Count; start += batchSize)
            {
                var end = Math.Min(data.Count, start + batchSize);
                parts.Add(nn.functional.softmax(model.forward(data.Images[start..end].to(device)), 1).to(CPU));
            }

            return cat(parts, 0).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Evaluates the network on <paramref name="data"/>: accuracy, per-class metrics, confusion matrix, log-loss.</summary>
    /// <param name="model">A network from images to logits. For SVMs (hinge loss) the log-loss of the softmaxed scores is not a calibrated measure.</param>
    /// <param name="data">Labelled images, such as the MNIST test set.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(this nn.Module<Tensor, Tensor> model, DigitDataset data, int batchSize = 1000)
    {
        using var probabilities = model.PredictProbabilities(data, batchSize);
        return EvaluationReport.FromProbabilities(data.Labels, probabilities, data.ClassNames);
    }
}
