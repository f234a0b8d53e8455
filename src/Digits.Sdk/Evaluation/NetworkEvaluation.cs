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
    /// Images per forward pass when scoring a data set, unless the caller says otherwise: 256. Larger batches are
    /// not faster on a CPU and cost memory: at 1,000 a TopCnn's activations (~800 MB a batch) go past glibc's
    /// trim threshold, so every batch returns them to the system and faults them back in (measured on the MNIST
    /// test set: 3.6–4.7 s and up to 440,000 page faults at 1,000; 3.3–3.5 s and a few hundred at 256).
    /// </summary>
    public const int DefaultBatchSize = 256;

    /// <summary>
    /// The softmax of the network's outputs for every image, <c>[images, classes]</c> float32 on the CPU, computed
    /// in evaluation mode without gradients (the network's mode is restored afterwards); the outputs are divided by the
    /// network's temperature first when it has one (<see cref="NetworkCalibration"/>).
    /// </summary>
    /// <param name="model">A network from images to logits (or SVM scores).</param>
    /// <param name="data">The images.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>The probabilities; the caller owns the tensor.</returns>
    public static Tensor PredictProbabilities(this nn.Module<Tensor, Tensor> model, DigitDataset data, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();

        // Only each batch's [batch, classes] probabilities leave its scope.
        using var temperature = CalibratedSoftmax.For(model);
        ScoringLoop.ForEachBatch(model, data, batchSize, ScoringLoop.DeviceOf(model), (outputs, _) => parts.Add(temperature.Apply(outputs).to(CPU).MoveToOuterDisposeScope()));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Evaluates a network on a data set: accuracy, per-class precision, recall and F1, the confusion matrix and
    /// log-loss and calibration, computed in evaluation mode without gradients, batch by batch, from softmax
    /// probabilities (of the outputs divided by the network's temperature, when it has one).
    /// The network's training mode is restored afterwards.
    /// </summary>
    /// <param name="model">A network from images to one score per class.</param>
    /// <param name="data">The labelled images, normalised as the network was trained.</param>
    /// <param name="batchSize">How many images to score at once.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Native.TorchSharpUnavailableException">TorchSharp's native runtime cannot be loaded.</exception>
    public static EvaluationReport Evaluate(this nn.Module<Tensor, Tensor> model, DigitDataset data, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Native.TorchRuntime.EnsureAvailable();

        var accumulator = new EvaluationAccumulator(data.ClassNames);

        // Only the running counts survive each batch, so memory stays flat.
        using var temperature = CalibratedSoftmax.For(model);
        ScoringLoop.ForEachBatch(model, data, batchSize, ScoringLoop.DeviceOf(model), (outputs, labels) => accumulator.Add(labels, temperature.Apply(outputs)));
        return accumulator.ToReport();
    }
}
