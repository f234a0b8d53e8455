using System.Globalization;
using Digits.Sdk.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017): one scalar T, fitted on held-out
/// labelled samples to minimise the negative log-likelihood of softmax(logits / T). It changes no prediction (dividing
/// every logit by the same positive number keeps their order), only how sure the model says it is.
/// </summary>
/// <remarks>
/// <para>The NLL is convex in β = 1/T (a log-sum-exp of terms linear in β, minus a linear term), so Newton's method on
/// β, with its step halved until the NLL falls, finds the minimum in a few iterations; the gradient is the mean of
/// E_p[z] − z_y and the curvature the mean variance of the logits under p.</para>
/// <para>A set the model gets entirely right with a margin has no finite minimum (the NLL keeps falling as T → 0),
/// so T is kept in [<see cref="MinimumTemperature"/>, <see cref="MaximumTemperature"/>].</para>
/// </remarks>
/// <example>
/// <code>
/// var calibration = run.Model.CalibrateTemperature(data.Validation);
/// Console.WriteLine($"T = {calibration.Temperature:F3}, ECE {calibration.ExpectedCalibrationErrorBefore:P2} → {calibration.ExpectedCalibrationErrorAfter:P2}");
/// run.Model.ExportOnnx("digits.onnx"); // the temperature is folded into the graph
/// </code>
/// </example>
public static class TemperatureScaling
{
    /// <summary>The lowest temperature fitted: sharpening beyond 20× is never a calibration, only a set with no mistakes.</summary>
    public const double MinimumTemperature = 0.05;

    /// <summary>The highest temperature fitted.</summary>
    public const double MaximumTemperature = 20;

    private const int MaximumIterations = 100;

    /// <summary>
    /// Fits the temperature of <paramref name="network"/> on <paramref name="validation"/> (samples it was not trained
    /// on), records it for the network (<see cref="NetworkCalibration"/>), and says what it changed there. From then on
    /// the network's probabilities in the SDK (<see cref="NetworkEvaluation"/>), its checkpoints and its ONNX export are
    /// calibrated.
    /// </summary>
    /// <param name="network">A network from images to logits.</param>
    /// <param name="validation">Labelled samples the network did not learn from, normalised as in training.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>The temperature and the NLL and ECE on <paramref name="validation"/> before and after.</returns>
    public static TemperatureCalibration CalibrateTemperature(this nn.Module<Tensor, Tensor> network, DigitDataset validation, int batchSize = NetworkEvaluation.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (validation.Count == 0)
        {
            throw new ArgumentException($"'{validation.Name}' has no samples; a temperature is fitted on labelled samples the network did not train on.", nameof(validation));
        }

        var (logits, labels) = Logits(network, validation, batchSize);
        var calibration = Fit(logits, labels, validation.ClassCount);
        NetworkCalibration.Record(network, calibration);
        return calibration;
    }

    /// <summary>
    /// Fits a temperature to logits and their true labels and says what it changed on them.
    /// </summary>
    /// <param name="logits">Row-major <c>[samples, classes]</c> raw scores (before any softmax).</param>
    /// <param name="labels">The true class of each sample.</param>
    /// <param name="classCount">The number of classes (columns of <paramref name="logits"/>).</param>
    /// <returns>The temperature, in [<see cref="MinimumTemperature"/>, <see cref="MaximumTemperature"/>], and the NLL and ECE at T = 1 and at it.</returns>
    /// <exception cref="ArgumentException">The sizes disagree, a label is not a class, or a logit is not finite.</exception>
    public static TemperatureCalibration Fit(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classCount)
    {
        Check(logits, labels, classCount);
        var z = logits.ToArray();
        var y = labels.ToArray();
        var beta = 1.0;
        var nll = NegativeLogLikelihood(z, y, classCount, beta, out var gradient, out var curvature);
        var before = nll;
        for (var iteration = 0; iteration < MaximumIterations && Math.Abs(gradient) > 1e-10; iteration++)
        {
            // A Newton step where the NLL curves upward, a gradient step where it is flat; halved until the NLL falls.
            var step = curvature > 1e-12 ? -gradient / curvature : -gradient;
            var improved = false;
            for (var halving = 0; halving < 60; halving++)
            {
                var candidate = Math.Clamp(beta + step, 1 / MaximumTemperature, 1 / MinimumTemperature);
                var candidateNll = NegativeLogLikelihood(z, y, classCount, candidate, out var candidateGradient, out var candidateCurvature);
                if (candidateNll < nll)
                {
                    (beta, nll, gradient, curvature, improved) = (candidate, candidateNll, candidateGradient, candidateCurvature, true);
                    break;
                }

                step /= 2;
            }

            if (!improved)
            {
                break;
            }
        }

        var temperature = 1 / beta;
        return new TemperatureCalibration(
            temperature,
            y.Length,
            before,
            nll,
            CalibrationError(z, y, classCount, 1),
            CalibrationError(z, y, classCount, temperature));
    }

    /// <summary>Fits a temperature to logits <c>[samples, classes]</c> and labels <c>[samples]</c> given as tensors on any device.</summary>
    /// <param name="logits">The raw scores, before any softmax.</param>
    /// <param name="labels">The true class of each sample (any integer type).</param>
    /// <returns>The temperature and the NLL and ECE before and after.</returns>
    public static TemperatureCalibration Fit(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.dim() != 2 || labels.dim() != 1 || labels.shape[0] != logits.shape[0])
        {
            throw new ArgumentException($"Logits must be [samples, classes] and labels [samples]; got [{string.Join(", ", logits.shape)}] and [{string.Join(", ", labels.shape)}].", nameof(logits));
        }

        using var scope = NewDisposeScope();
        var values = logits.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var truth = labels.cpu().to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
        return Fit(values, truth, (int)logits.shape[1]);
    }

    /// <summary>softmax(logits / temperature) of one row, in double precision, into <paramref name="probabilities"/>.</summary>
    internal static void Softmax(ReadOnlySpan<float> logits, double inverseTemperature, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits)
        {
            max = Math.Max(max, z * inverseTemperature);
        }

        var sum = 0.0;
        for (var c = 0; c < logits.Length; c++)
        {
            probabilities[c] = Math.Exp((logits[c] * inverseTemperature) - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < logits.Length; c++)
        {
            probabilities[c] /= sum;
        }
    }

    /// <summary>The mean NLL of softmax(β·z) and its first and second derivatives in β.</summary>
    private static double NegativeLogLikelihood(float[] logits, int[] labels, int classCount, double beta, out double gradient, out double curvature)
    {
        double nll = 0, first = 0, second = 0;
        Span<double> p = stackalloc double[classCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.AsSpan(i * classCount, classCount);
            Softmax(row, beta, p);
            double mean = 0, meanSquare = 0;
            for (var c = 0; c < classCount; c++)
            {
                mean += p[c] * row[c];
                meanSquare += p[c] * row[c] * row[c];
            }

            // -log p_y, from the log-sum-exp rather than the probability, so a certain wrong answer is not infinite.
            var max = double.NegativeInfinity;
            foreach (var z in row)
            {
                max = Math.Max(max, z * beta);
            }

            var logSum = 0.0;
            foreach (var z in row)
            {
                logSum += Math.Exp((z * beta) - max);
            }

            nll += max + Math.Log(logSum) - (row[labels[i]] * beta);
            first += mean - row[labels[i]];
            second += meanSquare - (mean * mean);
        }

        gradient = first / labels.Length;
        curvature = second / labels.Length;
        return nll / labels.Length;
    }

    private static double CalibrationError(float[] logits, int[] labels, int classCount, double temperature)
    {
        var tally = new CalibrationTally();
        Span<double> p = stackalloc double[classCount];
        var row = new float[classCount];
        for (var i = 0; i < labels.Length; i++)
        {
            Softmax(logits.AsSpan(i * classCount, classCount), 1 / temperature, p);
            var predicted = 0;
            for (var c = 0; c < classCount; c++)
            {
                row[c] = (float)p[c];
                predicted = p[c] > p[predicted] ? c : predicted;
            }

            tally.Add(row, labels[i], predicted);
        }

        return tally.ToMetrics().ExpectedCalibrationError;
    }

    private static (float[] Logits, int[] Labels) Logits(nn.Module<Tensor, Tensor> network, DigitDataset data, int batchSize)
    {
        var logits = new float[data.Count * data.ClassCount];
        var labels = new int[data.Count];
        var written = 0;
        ScoringLoop.ForEachBatch(network, data, batchSize, ScoringLoop.DeviceOf(network), (outputs, truth) =>
        {
            if (outputs.dim() != 2 || outputs.shape[1] != data.ClassCount)
            {
                throw new ArgumentException($"The network's outputs are [{string.Join(", ", outputs.shape)}], not one score per class of '{data.Name}' ([batch, {data.ClassCount}]).", nameof(network));
            }

            var count = (int)outputs.shape[0];
            outputs.cpu().to_type(ScalarType.Float32).contiguous().data<float>().CopyTo(logits, written * data.ClassCount);
            truth.to_type(ScalarType.Int32).data<int>().CopyTo(labels, written);
            written += count;
        });
        return (logits, labels);
    }

    private static void Check(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (labels.Length == 0)
        {
            throw new ArgumentException("There are no samples; a temperature is fitted on at least one labelled sample.", nameof(labels));
        }

        if (logits.Length != (long)labels.Length * classCount)
        {
            throw new ArgumentException($"Expected {labels.Length} x {classCount} = {(long)labels.Length * classCount} logits (one row per sample, one column per class) but got {logits.Length}.", nameof(logits));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} at index {i} is not one of the {classCount} classes (0 to {classCount - 1}).", nameof(labels));
            }
        }

        for (var i = 0; i < logits.Length; i++)
        {
            if (!float.IsFinite(logits[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Logit {logits[i]} of sample {i / classCount}, class {i % classCount} is not a finite number."), nameof(logits));
            }
        }
    }
}
