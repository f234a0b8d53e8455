using System.Globalization;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// Runs an ONNX model (a <see cref="DigitClassifier"/>: an exported model or the pretrained one) over a data set and
/// gives the same <see cref="EvaluationReport"/> as <see cref="NetworkEvaluation"/> gives for the network it came from.
/// </summary>
/// <remarks>
/// The model sees each sample as the IDX file stores it (0..255, MNIST's polarity), normalised as the model's
/// metadata says, with no picture preprocessing: the data set's own normalisation is undone first, so the figures
/// do not depend on how the data set was loaded. Every sample is answered; the "no digit found" rule of
/// <see cref="DigitClassifier.Predict(ReadOnlySpan{byte})"/> is for pictures and samples of unknown content, and a
/// checkpoint's evaluation has no such rule either.
/// </remarks>
/// <example>
/// <code>
/// using var classifier = DigitClassifier.LoadPretrained();
/// using var test = await Datasets.LoadTestFolderAsync("./mnist");
/// Console.WriteLine(classifier.Evaluate(test).ToText());
/// </code>
/// </example>
public static class ClassifierEvaluation
{
    /// <summary>Samples per model run unless the caller says otherwise: 256, as <see cref="NetworkEvaluation.DefaultBatchSize"/> is for networks.</summary>
    public const int DefaultBatchSize = NetworkEvaluation.DefaultBatchSize;

    /// <summary>
    /// Evaluates an ONNX model on a data set: accuracy, per-class precision, recall and F1, the confusion matrix and
    /// log-loss, from the model's probabilities, <paramref name="batchSize"/> samples per model run.
    /// </summary>
    /// <param name="classifier">The model.</param>
    /// <param name="data">The labelled images; the model must take images of their size and have their number of classes.</param>
    /// <param name="batchSize">Samples per model run.</param>
    /// <returns>The report, with the data set's class names.</returns>
    /// <exception cref="ArgumentException">The model takes another image size or tells another number of classes apart.</exception>
    public static EvaluationReport Evaluate(this DigitClassifier classifier, DigitDataset data, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        RequireFits(classifier, data);
        return Evaluate(classifier, PixelConversion.ToBytes(data), data.LabelValues, data.ClassNames, batchSize);
    }

    /// <summary>
    /// The report of <paramref name="classifier"/> on samples given as bytes back to back, with their labels: the one
    /// loop behind <see cref="Evaluate(DigitClassifier, DigitDataset, int)"/> and the corrupted sets of a robustness run.
    /// </summary>
    internal static EvaluationReport Evaluate(DigitClassifier classifier, byte[] pixels, long[] labels, IReadOnlyList<string> classNames, int batchSize)
    {
        var size = classifier.PixelCount;
        var accumulator = new EvaluationAccumulator(classNames);
        for (var start = 0; start < labels.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, labels.Length - start);
            var probabilities = classifier.Probabilities(pixels.AsSpan(start * size, count * size));
            var truth = new int[count];
            for (var i = 0; i < count; i++)
            {
                truth[i] = (int)labels[start + i];
            }

            accumulator.Add(truth, probabilities);
        }

        return accumulator.ToReport();
    }

    /// <summary>Refuses a model that cannot be evaluated on <paramref name="data"/>, saying what differs.</summary>
    /// <exception cref="ArgumentException">The image sizes or the numbers of classes differ.</exception>
    internal static void RequireFits(DigitClassifier classifier, DigitDataset data)
    {
        var values = data.ImageShape.Aggregate(1, (product, d) => product * d);
        if (classifier.PixelCount != values)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Model '{classifier.Metadata.NetworkName}' takes inputs of shape [{string.Join(", ", classifier.Metadata.InputShape)}] ({classifier.PixelCount} values), but {data.Name}'s images are [{string.Join(", ", data.ImageShape)}] ({values} values)."),
                nameof(data));
        }

        if (classifier.ClassCount != data.ClassCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Model '{classifier.Metadata.NetworkName}' tells {classifier.ClassCount} classes apart, but {data.Name} has {data.ClassCount}."),
                nameof(data));
        }
    }
}
