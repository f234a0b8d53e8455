using System.Globalization;
using System.Text.Json;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// How well a classifier did on a labelled set: accuracy, per-class precision, recall, F1 and support, their
/// macro and weighted averages, the confusion matrix and, when probabilities were given, the log-loss (negative
/// log-likelihood) and the calibration of the confidences (<see cref="Calibration"/>).
/// Immutable; readable as text (<see cref="ToText"/>), Markdown (<see cref="ToMarkdown"/>) and JSON
/// (<see cref="ToJson"/>, read back with <see cref="FromJson"/>).
/// </summary>
/// <remarks>
/// <para>Every number matches scikit-learn (<c>accuracy_score</c>, <c>precision_recall_fscore_support</c>,
/// <c>confusion_matrix</c> and <c>log_loss</c> with <c>labels</c> set to every class); a test checks that.</para>
/// <para>Zero division follows scikit-learn's default (<c>zero_division="warn"</c>): the precision of a class that
/// was never predicted, and the recall of a class with no samples, are 0, and <see cref="Warnings"/> says so (where
/// scikit-learn would raise an <c>UndefinedMetricWarning</c>). F1 is 0 when precision and recall are both 0. Those
/// zeros count in the macro average, as they do in scikit-learn.</para>
/// </remarks>
/// <example>
/// <code>
/// var report = EvaluationReport.Create(trueLabels, predictedLabels);
/// Console.WriteLine(report.ToText());
/// File.WriteAllText("report.json", report.ToJson());
/// report.SaveConfusionMatrixPng("confusion.png");
/// </code>
/// </example>
public sealed class EvaluationReport
{
    private readonly int[][] confusion;

    internal EvaluationReport(string[] classNames, int[][] confusion, double? logLoss, CalibrationMetrics? calibration)
    {
        Calibration = calibration;
        this.confusion = confusion;
        var classCount = classNames.Length;
        ClassNames = Array.AsReadOnly(classNames);
        ConfusionMatrix = Array.AsReadOnly(confusion.Select(row => (IReadOnlyList<int>)Array.AsReadOnly(row)).ToArray());
        LogLoss = logLoss;

        var correct = 0;
        var perClass = new ClassMetrics[classCount];
        var warnings = new List<string>();
        for (var c = 0; c < classCount; c++)
        {
            var truePositives = confusion[c][c];
            var support = confusion[c].Sum();
            var predicted = 0;
            for (var row = 0; row < classCount; row++)
            {
                predicted += confusion[row][c];
            }

            correct += truePositives;
            var precision = Ratio(truePositives, predicted);
            var recall = Ratio(truePositives, support);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(classNames[c], precision, recall, f1, support);
            SampleCount += support;

            if (predicted == 0)
            {
                warnings.Add($"Precision of class '{classNames[c]}' is undefined because it was never predicted; it is reported as 0.");
            }

            if (support == 0)
            {
                warnings.Add($"Recall of class '{classNames[c]}' is undefined because it has no samples; it is reported as 0.");
            }
        }

        PerClass = Array.AsReadOnly(perClass);
        Warnings = warnings.AsReadOnly();
        Accuracy = Ratio(correct, SampleCount);
        MacroAverage = new AveragedMetrics(
            perClass.Average(m => m.Precision),
            perClass.Average(m => m.Recall),
            perClass.Average(m => m.F1));
        WeightedAverage = new AveragedMetrics(
            Weighted(perClass, m => m.Precision, SampleCount),
            Weighted(perClass, m => m.Recall, SampleCount),
            Weighted(perClass, m => m.F1, SampleCount));
    }

    /// <summary>The class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of samples evaluated.</summary>
    public int SampleCount { get; }

    /// <summary>The fraction of samples predicted correctly, in [0, 1].</summary>
    public double Accuracy { get; }

    /// <summary>Precision, recall, F1 and support of each class, in label order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>The unweighted mean of the per-class metrics: every class counts the same.</summary>
    public AveragedMetrics MacroAverage { get; }

    /// <summary>The per-class metrics averaged with each class weighted by its support.</summary>
    public AveragedMetrics WeightedAverage { get; }

    /// <summary>The macro-averaged F1, the usual single number for a multi-class classifier.</summary>
    public double MacroF1 => MacroAverage.F1;

    /// <summary>
    /// The mean cross-entropy of the predicted probabilities (natural log), or null when the report was built
    /// without probabilities. Probabilities are clipped to [2⁻²³, 1 − 2⁻²³] and each row renormalised, as
    /// scikit-learn's <c>log_loss</c> does for float32 input, so a confident wrong answer costs at most about 15.9.
    /// </summary>
    public double? LogLoss { get; }

    /// <summary>
    /// How well the confidences match how often the model is right (expected and maximum calibration error over 15
    /// bins, Brier score, the reliability bins), or null when the report was built without probabilities.
    /// </summary>
    public CalibrationMetrics? Calibration { get; }

    /// <summary>
    /// The confusion matrix: <c>ConfusionMatrix[t][p]</c> counts samples of true class <c>t</c> predicted as
    /// class <c>p</c> (rows are true classes, columns predicted classes, as in scikit-learn).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; }

    /// <summary>Metrics that were undefined (a division by zero) and reported as 0, one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Builds a report from true and predicted labels (no log-loss).</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="predictedLabels">The predicted class of each sample.</param>
    /// <param name="classNames">One name per class, in label order; the ten digits when omitted.</param>
    /// <exception cref="ArgumentException">No samples, lengths differ, or a label is not a class.</exception>
    public static EvaluationReport Create(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels, IReadOnlyList<string>? classNames = null)
    {
        var accumulator = new EvaluationAccumulator(classNames);
        accumulator.Add(trueLabels, predictedLabels);
        return Finish(accumulator);
    }

    /// <summary>Builds a report from true labels, predicted labels and predicted probabilities (with log-loss).</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="predictedLabels">The predicted class of each sample.</param>
    /// <param name="probabilities">Probabilities in [0, 1] (softmax outputs), <c>[samples, classes]</c>.</param>
    /// <param name="classNames">One name per class, in label order; <c>"0"</c>, <c>"1"</c>, … when omitted.</param>
    /// <exception cref="ArgumentException">No samples, sizes disagree, a label is not a class, or a probability is outside [0, 1].</exception>
    public static EvaluationReport Create(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels, float[,] probabilities, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var accumulator = NewAccumulator(probabilities.GetLength(1), classNames);
        accumulator.Add(trueLabels, predictedLabels, probabilities);
        return Finish(accumulator);
    }

    /// <summary>Builds a report from true labels and predicted probabilities; each prediction is the most probable class.</summary>
    /// <param name="trueLabels">The true class of each sample.</param>
    /// <param name="probabilities">Probabilities in [0, 1] (softmax outputs), <c>[samples, classes]</c>.</param>
    /// <param name="classNames">One name per class, in label order; <c>"0"</c>, <c>"1"</c>, … when omitted.</param>
    /// <exception cref="ArgumentException">No samples, sizes disagree, a label is not a class, or a probability is outside [0, 1].</exception>
    public static EvaluationReport FromProbabilities(ReadOnlySpan<int> trueLabels, float[,] probabilities, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var accumulator = NewAccumulator(probabilities.GetLength(1), classNames);
        accumulator.Add(trueLabels, probabilities);
        return Finish(accumulator);
    }

    /// <summary>Builds a report from tensors: integer labels <c>[samples]</c> and softmax probabilities <c>[samples, classes]</c>.</summary>
    /// <param name="trueLabels">The true class of each sample (any integer type, any device).</param>
    /// <param name="probabilities">Softmax outputs (not logits); each prediction is the most probable class.</param>
    /// <param name="classNames">One name per class, in label order; <c>"0"</c>, <c>"1"</c>, … when omitted.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank or size, or there are no samples.</exception>
    public static EvaluationReport FromProbabilities(Tensor trueLabels, Tensor probabilities, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.dim() != 2)
        {
            throw new ArgumentException($"Probabilities must be a 2-D tensor [samples, classes], but its shape is [{string.Join(", ", probabilities.shape)}].", nameof(probabilities));
        }

        var accumulator = NewAccumulator((int)probabilities.shape[1], classNames);
        accumulator.Add(trueLabels, probabilities);
        return Finish(accumulator);
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <remarks>
    /// The report is rebuilt from its class names, confusion matrix and log-loss; the other numbers must agree
    /// with them, so a hand-edited or truncated file is caught rather than silently believed.
    /// </remarks>
    /// <exception cref="JsonException">The text is not a report, or its numbers contradict its confusion matrix.</exception>
    public static EvaluationReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return EvaluationReportDocument.Read(json);
    }

    /// <summary>The report as a plain-text table like scikit-learn's <c>classification_report</c>, plus log-loss and warnings.</summary>
    /// <param name="digits">Decimal places for the metrics.</param>
    public string ToText(int digits = 4) => EvaluationReportText.Table(this, digits);

    /// <summary>The report as Markdown: a metrics table, the averages and the confusion matrix.</summary>
    /// <param name="digits">Decimal places for the metrics.</param>
    public string ToMarkdown(int digits = 4) => EvaluationReportText.Markdown(this, digits);

    /// <summary>
    /// The report as JSON (camelCase) with <c>accuracy</c>, <c>macroF1</c>, <c>perClass</c> (name, precision,
    /// recall, f1, support), <c>confusionMatrix</c>, the averages, <c>logLoss</c>, <c>warnings</c> and, with
    /// probabilities, <c>expectedCalibrationError</c>, <c>maximumCalibrationError</c>, <c>brierScore</c> and
    /// <c>reliabilityBins</c> (lower, upper, count, meanConfidence, accuracy, gap).
    /// </summary>
    /// <param name="indented">Whether to indent; false gives one line.</param>
    public string ToJson(bool indented = true) => EvaluationReportDocument.Write(this, indented);

    /// <summary>Draws the confusion matrix as a heat map with counts and saves it as a PNG.</summary>
    /// <param name="path">Where to write the PNG; written to a temporary name first, then renamed.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public void SaveConfusionMatrixPng(string path, int width = 800, int height = 700) =>
        Plots.ConfusionMatrix(this, width, height).SavePng(path);

    /// <summary>
    /// Draws the reliability diagram (accuracy against confidence per bin, with the diagonal of perfect calibration
    /// and the share of samples in each bin) and saves it as a PNG.
    /// </summary>
    /// <param name="path">Where to write the PNG; written to a temporary name first, then renamed.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <exception cref="InvalidOperationException">The report was built without probabilities, so it has no calibration.</exception>
    public void SaveReliabilityDiagramPng(string path, int width = 700, int height = 700) =>
        Plots.ReliabilityDiagram(this, width, height).SavePng(path);

    /// <summary>The plain-text table (<see cref="ToText"/>).</summary>
    public override string ToString() => ToText();

    internal int[][] CopyConfusion() => [.. confusion.Select(row => row.ToArray())];

    private static EvaluationAccumulator NewAccumulator(int columns, IReadOnlyList<string>? classNames)
    {
        if (classNames is not null)
        {
            return new EvaluationAccumulator(classNames);
        }

        if (columns < 2)
        {
            throw new ArgumentException($"Probabilities need one column per class and at least two classes, but have {columns.ToString(CultureInfo.InvariantCulture)}.", "probabilities");
        }

        return new EvaluationAccumulator(columns);
    }

    private static EvaluationReport Finish(EvaluationAccumulator accumulator)
    {
        if (accumulator.SampleCount == 0)
        {
            throw new ArgumentException("There are no samples to evaluate; pass at least one label.", "trueLabels");
        }

        return accumulator.ToReport();
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static double Weighted(ClassMetrics[] perClass, Func<ClassMetrics, double> metric, int total)
    {
        var sum = 0.0;
        foreach (var m in perClass)
        {
            sum += metric(m) * m.Support;
        }

        return total == 0 ? 0 : sum / total;
    }
}
