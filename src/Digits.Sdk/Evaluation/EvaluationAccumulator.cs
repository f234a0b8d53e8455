using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Collects predictions batch by batch and turns them into an <see cref="EvaluationReport"/>, so an evaluation
/// over a whole test set never has to hold every prediction at once.
/// </summary>
/// <remarks>
/// Only the confusion matrix, a running sum of per-sample log-losses and the calibration bins' sums are kept.
/// Log-loss and calibration are reported only when every batch came with probabilities: one batch without them
/// makes <see cref="EvaluationReport.LogLoss"/> and <see cref="EvaluationReport.Calibration"/> null.
/// </remarks>
/// <example>
/// <code>
/// var accumulator = new EvaluationAccumulator();
/// foreach (var (images, labels) in batches)
/// {
///     using var scope = torch.NewDisposeScope();
///     accumulator.Add(labels, model.forward(images).softmax(1));
/// }
/// var report = accumulator.ToReport();
/// </code>
/// </example>
public sealed class EvaluationAccumulator
{
    /// <summary>
    /// The clipping bound for probabilities, <c>numpy.finfo(numpy.float32).eps</c> (2⁻²³): what scikit-learn's
    /// <c>log_loss</c> uses for float32 probabilities (its <c>eps="auto"</c> since 1.2, the only choice since 1.5).
    /// </summary>
    internal const double ProbabilityEpsilon = 1.0 / (1 << 23);

    private static readonly string[] DigitNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly string[] classNames;
    private readonly int[] confusion;
    private readonly CalibrationTally calibration = new();
    private double logLossSum;
    private bool everyBatchHadProbabilities = true;

    /// <summary>Starts an evaluation over the given classes.</summary>
    /// <param name="classNames">One name per class, in label order; the ten digits <c>"0"</c>…<c>"9"</c> when omitted.</param>
    /// <exception cref="ArgumentException">Fewer than two classes, or a name is empty.</exception>
    public EvaluationAccumulator(IReadOnlyList<string>? classNames = null)
    {
        this.classNames = classNames is null ? DigitNames : [.. classNames];
        if (this.classNames.Length < 2)
        {
            throw new ArgumentException($"An evaluation needs at least two classes, but {this.classNames.Length} class name(s) were given.", nameof(classNames));
        }

        for (var i = 0; i < this.classNames.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(this.classNames[i]))
            {
                throw new ArgumentException($"Class name {i} is empty; every class needs a name to show in reports.", nameof(classNames));
            }
        }

        confusion = new int[this.classNames.Length * this.classNames.Length];
    }

    /// <summary>Starts an evaluation over <paramref name="classCount"/> classes named <c>"0"</c>, <c>"1"</c>, ….</summary>
    /// <param name="classCount">The number of classes; at least two.</param>
    public EvaluationAccumulator(int classCount)
        : this(NumberNames(classCount))
    {
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount => classNames.Length;

    /// <summary>The number of samples added so far.</summary>
    public int SampleCount { get; private set; }

    /// <summary>Adds a batch of true and predicted labels, without probabilities (the report will have no log-loss).</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="predictedLabels">The predicted class of each sample.</param>
    /// <exception cref="ArgumentException">The lengths differ or a label is not a class.</exception>
    public void Add(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels)
    {
        CheckLabels(trueLabels, predictedLabels);
        Count(trueLabels, predictedLabels);
        everyBatchHadProbabilities = false;
    }

    /// <summary>Adds a batch of true labels, predicted labels and predicted class probabilities.</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="predictedLabels">The predicted class of each sample (usually, but not necessarily, the most probable).</param>
    /// <param name="probabilities">
    /// Row-major <c>[samples, classes]</c> probabilities in [0, 1] (softmax outputs, not logits). Rows need not sum
    /// to exactly 1: like scikit-learn, each row is clipped to [ε, 1 − ε] and renormalised before the log-loss.
    /// </param>
    /// <exception cref="ArgumentException">The sizes disagree, a label is not a class, or a probability is outside [0, 1].</exception>
    public void Add(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels, ReadOnlySpan<float> probabilities)
    {
        CheckProbabilities(trueLabels.Length, probabilities);
        AddChecked(trueLabels, predictedLabels, probabilities);
    }

    /// <summary>Adds a batch of true labels and predicted class probabilities; each prediction is the most probable class.</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="probabilities">Row-major <c>[samples, classes]</c> probabilities in [0, 1] (softmax outputs, not logits).</param>
    /// <exception cref="ArgumentException">The sizes disagree, a label is not a class, or a probability is outside [0, 1].</exception>
    public void Add(ReadOnlySpan<int> trueLabels, ReadOnlySpan<float> probabilities)
    {
        CheckProbabilities(trueLabels.Length, probabilities);
        AddChecked(trueLabels, ArgMax(probabilities, ClassCount), probabilities);
    }

    /// <summary>Adds a batch of true labels, predicted labels and a <c>[samples, classes]</c> array of probabilities.</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="predictedLabels">The predicted class of each sample.</param>
    /// <param name="probabilities">Probabilities in [0, 1], one row per sample and one column per class.</param>
    public void Add(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels, float[,] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        CheckColumns(probabilities);
        Add(trueLabels, predictedLabels, AsSpan(probabilities));
    }

    /// <summary>Adds a batch of true labels and a <c>[samples, classes]</c> array of probabilities; each prediction is the most probable class.</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="probabilities">Probabilities in [0, 1], one row per sample and one column per class.</param>
    public void Add(ReadOnlySpan<int> trueLabels, float[,] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        CheckColumns(probabilities);
        Add(trueLabels, AsSpan(probabilities));
    }

    /// <summary>Adds a batch from tensors: integer labels <c>[samples]</c> and probabilities <c>[samples, classes]</c> on any device.</summary>
    /// <param name="trueLabels">The true class of each sample (any integer type).</param>
    /// <param name="probabilities">Softmax outputs (not logits); each prediction is the most probable class.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank or size.</exception>
    public void Add(Tensor trueLabels, Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (trueLabels.dim() != 1)
        {
            throw new ArgumentException($"True labels must be a 1-D tensor [samples], but its shape is [{string.Join(", ", trueLabels.shape)}].", nameof(trueLabels));
        }

        if (probabilities.dim() != 2 || probabilities.shape[1] != ClassCount)
        {
            throw new ArgumentException($"Probabilities must be a 2-D tensor [samples, {ClassCount}], but its shape is [{string.Join(", ", probabilities.shape)}].", nameof(probabilities));
        }

        using var scope = NewDisposeScope();
        var labels = trueLabels.cpu().to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
        var values = probabilities.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        Add(labels, values);
    }

    /// <summary>The report over every sample added so far.</summary>
    /// <exception cref="InvalidOperationException">No sample was added.</exception>
    public EvaluationReport ToReport()
    {
        if (SampleCount == 0)
        {
            throw new InvalidOperationException("No predictions were added, so there is nothing to report; call Add with at least one sample first.");
        }

        var matrix = new int[ClassCount][];
        for (var row = 0; row < ClassCount; row++)
        {
            matrix[row] = confusion.AsSpan(row * ClassCount, ClassCount).ToArray();
        }

        return everyBatchHadProbabilities
            ? new EvaluationReport(classNames, matrix, logLossSum / SampleCount, calibration.ToMetrics())
            : new EvaluationReport(classNames, matrix, logLoss: null, calibration: null);
    }

    private void AddChecked(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels, ReadOnlySpan<float> probabilities)
    {
        CheckLabels(trueLabels, predictedLabels);
        Count(trueLabels, predictedLabels);
        logLossSum += LogLossSum(trueLabels, probabilities);
        for (var i = 0; i < trueLabels.Length; i++)
        {
            calibration.Add(probabilities.Slice(i * ClassCount, ClassCount), trueLabels[i], predictedLabels[i]);
        }
    }

    private static string[] NumberNames(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        return [.. Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    }

    private static ReadOnlySpan<float> AsSpan(float[,] array) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    private static int[] ArgMax(ReadOnlySpan<float> probabilities, int classCount)
    {
        var predicted = new int[probabilities.Length / classCount];
        for (var i = 0; i < predicted.Length; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                // Strictly greater: ties go to the lowest class, as numpy.argmax and torch.argmax do.
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predicted[i] = best;
        }

        return predicted;
    }

    private void CheckColumns(float[,] probabilities)
    {
        if (probabilities.GetLength(1) != ClassCount)
        {
            throw new ArgumentException($"Probabilities have {probabilities.GetLength(1)} columns but there are {ClassCount} classes; give one column per class.", nameof(probabilities));
        }
    }

    private void CheckLabels(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels)
    {
        if (trueLabels.Length != predictedLabels.Length)
        {
            throw new ArgumentException($"There are {trueLabels.Length} true labels but {predictedLabels.Length} predicted labels; give one of each per sample.", nameof(predictedLabels));
        }

        CheckRange(trueLabels, "True", nameof(trueLabels));
        CheckRange(predictedLabels, "Predicted", nameof(predictedLabels));
    }

    private void CheckRange(ReadOnlySpan<int> labels, string which, string parameter)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)ClassCount)
            {
                throw new ArgumentException(
                    $"{which} label {labels[i]} at index {i} is not one of the {ClassCount} classes (0 to {ClassCount - 1}); pass class names for every class.",
                    parameter);
            }
        }
    }

    private void CheckProbabilities(int samples, ReadOnlySpan<float> probabilities)
    {
        if (probabilities.Length != (long)samples * ClassCount)
        {
            throw new ArgumentException($"Expected {samples} x {ClassCount} = {(long)samples * ClassCount} probabilities (one row per sample, one column per class) but got {probabilities.Length}.", nameof(probabilities));
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0f && p <= 1f))
            {
                throw new ArgumentException(
                    $"Probability {p.ToString(CultureInfo.InvariantCulture)} of sample {i / ClassCount}, class {i % ClassCount} is not in [0, 1]; pass softmax outputs, not logits.",
                    nameof(probabilities));
            }
        }
    }

    private void Count(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels)
    {
        for (var i = 0; i < trueLabels.Length; i++)
        {
            confusion[(trueLabels[i] * ClassCount) + predictedLabels[i]]++;
        }

        SampleCount += trueLabels.Length;
    }

    private double LogLossSum(ReadOnlySpan<int> trueLabels, ReadOnlySpan<float> probabilities)
    {
        // scikit-learn's log_loss: clip every probability to [eps, 1 - eps], renormalise each row, then take
        // -log of the true class's share. Summed in double; the mean is taken once, in ToReport.
        var sum = 0.0;
        for (var i = 0; i < trueLabels.Length; i++)
        {
            var row = probabilities.Slice(i * ClassCount, ClassCount);
            var rowSum = 0.0;
            foreach (var p in row)
            {
                rowSum += Math.Clamp(p, ProbabilityEpsilon, 1 - ProbabilityEpsilon);
            }

            var truth = Math.Clamp(row[trueLabels[i]], ProbabilityEpsilon, 1 - ProbabilityEpsilon);
            sum -= Math.Log(truth / rowSum);
        }

        return sum;
    }
}
