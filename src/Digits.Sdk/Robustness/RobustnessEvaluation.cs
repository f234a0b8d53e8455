using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using static TorchSharp.torch;

namespace Digits.Sdk.Robustness;

/// <summary>
/// Measures how a model withstands MNIST-C's corruptions (<see cref="Corruptions"/>): a network or an ONNX model on
/// the corrupted test samples, or an ONNX model on the corrupted digits drawn as pictures and read with
/// <see cref="DigitClassifier.PredictImage(Stream)"/>. Each gives a <see cref="RobustnessReport"/>.
/// </summary>
/// <remarks>
/// Every family corrupts the same test images (the first <see cref="RobustnessOptions.Limit"/> when given) with
/// <see cref="Corruptions.Corrupt"/> and the options' seed, so a network and its exported model see the very same
/// corrupted samples and get the same figures.
/// </remarks>
/// <example>
/// <code>
/// using var classifier = DigitClassifier.LoadPretrained();
/// using var test = await Datasets.LoadTestFolderAsync("./mnist");
/// var samples = classifier.EvaluateRobustness(test);
/// var pictures = classifier.EvaluatePictureRobustness(test, new RobustnessOptions { Limit = 1_000 });
/// Console.WriteLine(pictures.ToText());
/// </code>
/// </example>
public static class RobustnessEvaluation
{
    /// <summary>A network on the clean and the corrupted test samples, each sample straight into it.</summary>
    /// <param name="model">A network from images to one score per class.</param>
    /// <param name="test">The test set, normalised as the network was trained.</param>
    /// <param name="options">Families, seed, limit and unseen families; all 15 families on every image by default.</param>
    /// <returns>The report (<see cref="CorruptedInput.Samples"/>).</returns>
    /// <exception cref="ArgumentException">The options do not fit the test set.</exception>
    public static RobustnessReport EvaluateRobustness(this nn.Module<Tensor, Tensor> model, DigitDataset test, RobustnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Measure(test, options, model.GetType().Name, CorruptedInput.Samples, data => Counts(model.Evaluate(data)));
    }

    /// <summary>An ONNX model on the clean and the corrupted test samples, each sample straight into it (as <see cref="ClassifierEvaluation"/> does).</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="test">The test set; the model must take its image size and classes.</param>
    /// <param name="options">Families, seed, limit and unseen families; all 15 families on every image by default.</param>
    /// <returns>The report (<see cref="CorruptedInput.Samples"/>).</returns>
    /// <exception cref="ArgumentException">The model does not fit the test set, or the options do not.</exception>
    public static RobustnessReport EvaluateRobustness(this DigitClassifier classifier, DigitDataset test, RobustnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(test);
        ClassifierEvaluation.RequireFits(classifier, test);
        return Measure(test, options, classifier.Metadata.NetworkName, CorruptedInput.Samples, data => Counts(classifier.Evaluate(data)));
    }

    /// <summary>
    /// An ONNX model on the clean and the corrupted test digits drawn as 112×112 dark-on-light pictures and read with
    /// <see cref="DigitClassifier.PredictImage(Stream)"/>: the picture pipeline runs as for a user's picture, and a
    /// picture answered "no digit found" counts as wrong and is counted in <see cref="FamilyAccuracy.Blank"/>, and one
    /// answered "not a digit" (below the classifier's <see cref="DigitClassifier.NotADigitBelow"/>) counts as wrong.
    /// </summary>
    /// <remarks>Drawing, encoding and reading a picture costs more than a model run; <see cref="RobustnessOptions.Limit"/> keeps a run short.</remarks>
    /// <param name="classifier">The model.</param>
    /// <param name="test">The test set, grey images in MNIST's polarity; the model must take its image size and classes.</param>
    /// <param name="options">Families, seed, limit and unseen families; all 15 families on every image by default.</param>
    /// <returns>The report (<see cref="CorruptedInput.Pictures"/>).</returns>
    /// <exception cref="ArgumentException">The model does not fit the test set, or the options do not.</exception>
    public static RobustnessReport EvaluatePictureRobustness(this DigitClassifier classifier, DigitDataset test, RobustnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(test);
        ClassifierEvaluation.RequireFits(classifier, test);
        return Measure(test, options, classifier.Metadata.NetworkName, CorruptedInput.Pictures, data => ReadPictures(classifier, data));
    }

    /// <summary>The answer recorded for a picture the classifier refused as not a digit: never a label, never blank.</summary>
    private const int Refused = Prediction.NoLabel - 1;

    /// <summary>Correct and blank answers on <paramref name="data"/> drawn as pictures.</summary>
    internal static (int Correct, int Blank) ReadPictures(DigitClassifier classifier, DigitDataset data)
    {
        var pixels = PixelConversion.ToBytes(data);
        var labels = data.LabelValues;
        var (height, width) = (data.ImageShape[1], data.ImageShape[2]);
        var size = height * width;
        var answers = new int[labels.Length];

        // Each picture is drawn and read on its own, so they spread over the cores; the answers do not depend on the order.
        Parallel.For(0, labels.Length, i =>
        {
            using var picture = new MemoryStream(DigitPictures.Png(pixels.AsSpan(i * size, size), height, width));
            // A digit answered "not a digit" was refused: wrong, as a misread digit is, but not blank.
            var prediction = classifier.PredictImage(picture);
            answers[i] = prediction.IsNotADigit ? Refused : prediction.Label;
        });

        var correct = answers.Where((answer, i) => answer == labels[i]).Count();
        return (correct, answers.Count(answer => answer == Prediction.NoLabel));
    }

    private static (int Correct, int Blank) Counts(EvaluationReport report)
    {
        var correct = 0;
        for (var c = 0; c < report.ClassNames.Count; c++)
        {
            correct += report.ConfusionMatrix[c][c];
        }

        return (correct, 0);
    }

    /// <summary>The one loop of every robustness run: the clean set, then each family's corrupted copy, through <paramref name="score"/>.</summary>
    private static RobustnessReport Measure(DigitDataset test, RobustnessOptions? options, string defaultName, CorruptedInput input, Func<DigitDataset, (int Correct, int Blank)> score)
    {
        ArgumentNullException.ThrowIfNull(test);
        options ??= new RobustnessOptions();
        Check(options, test);
        var limited = options.Limit is { } limit && limit < test.Count ? test.Take(limit) : null;
        try
        {
            var images = limited ?? test;
            var clean = score(images);
            var families = new List<FamilyAccuracy>();
            foreach (var family in options.Families)
            {
                using var corrupted = Corruptions.Corrupt(images, family, options.Seed);
                var (correct, blank) = score(corrupted);
                families.Add(new FamilyAccuracy(family, images.Count, correct, blank, options.Unseen.Contains(family)));
            }

            return new RobustnessReport(options.ModelName ?? defaultName, input, options.Seed, new CleanAccuracy(images.Count, clean.Correct, clean.Blank), families);
        }
        finally
        {
            limited?.Dispose();
        }
    }

    private static void Check(RobustnessOptions options, DigitDataset test)
    {
        ArgumentNullException.ThrowIfNull(options.Families);
        ArgumentNullException.ThrowIfNull(options.Unseen);
        if (options.Families.Count == 0)
        {
            throw new ArgumentException("Name at least one corruption family to measure.", nameof(options));
        }

        if (options.Limit is < 1)
        {
            throw new ArgumentException($"The limit must be at least 1 test image, not {options.Limit}.", nameof(options));
        }

        foreach (var missing in options.Unseen.Where(family => !options.Families.Contains(family)))
        {
            throw new ArgumentException($"{Corruptions.Name(missing)} is said to be unseen but is not among the families measured.", nameof(options));
        }

        if (test.ImageShape[0] != 1)
        {
            throw new ArgumentException($"MNIST-C's corruptions work on grey images, but {test.Name} has {test.ImageShape[0]} channels.", nameof(test));
        }
    }
}
