using System.Globalization;
using Digits.Sdk.Evaluation;

namespace Digits.Sdk.Robustness;

/// <summary>
/// How a model withstands MNIST-C's corruptions: its accuracy on the clean test set, on the same images under each
/// family, the mean over the families, and the mean corruption error relative to the clean error. Immutable;
/// readable as a table (<see cref="ToText"/>), JSON (<see cref="ToJson"/>) and a bar chart (<see cref="SaveChartPng"/>).
/// </summary>
/// <remarks>
/// <para>The measure follows Hendrycks &amp; Dietterich (2019, "Benchmarking Neural Network Robustness to Common
/// Corruptions and Perturbations"), who report a model's corruption error against a reference, and Mu &amp; Gilmer
/// (2019, "MNIST-C"), who compare the errors under corruption with the clean error (up to ten times it for their
/// CNNs). Here the reference is the model's own clean error:
/// <see cref="RelativeCorruptionError"/> = (mean over the families of the error under the family) / (the clean error),
/// where each error is 1 − accuracy on the same test images. 1 means corruptions cost nothing; 10 means ten times as
/// many mistakes as on clean digits. It is undefined (<see langword="null"/>) when the clean error is 0.</para>
/// <para>Every family is weighted the same in the means, as both papers do, whatever its sample count.</para>
/// </remarks>
/// <example>
/// <code>
/// var report = network.EvaluateRobustness(mnist.Test);
/// Console.WriteLine(report.ToText());
/// report.SaveChartPng("robustness.png");
/// </code>
/// </example>
public sealed class RobustnessReport
{
    /// <summary>Creates a report from counts.</summary>
    /// <param name="model">The model's name, for the table and the chart.</param>
    /// <param name="input">How the corrupted digits reached the model.</param>
    /// <param name="seed">The seed of the corruptions.</param>
    /// <param name="clean">The clean test set's figures (its <see cref="FamilyAccuracy.Corruption"/> is not read).</param>
    /// <param name="families">One entry per family, each over the same images as <paramref name="clean"/>.</param>
    /// <exception cref="ArgumentException">No family, a family twice, counts that do not add up, or sample counts that differ.</exception>
    public RobustnessReport(string model, CorruptedInput input, int seed, CleanAccuracy clean, IReadOnlyList<FamilyAccuracy> families)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(families);
        if (!Adds(clean.SampleCount, clean.Correct, clean.Blank))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The clean set's {clean.Correct} correct and {clean.Blank} blank do not fit in {clean.SampleCount} samples."),
                nameof(clean));
        }

        if (families.Count == 0)
        {
            throw new ArgumentException("A robustness report needs at least one corruption family.", nameof(families));
        }

        if (families.Select(f => f.Corruption).Distinct().Count() != families.Count)
        {
            throw new ArgumentException("Each corruption family may appear once in a report.", nameof(families));
        }

        foreach (var family in families.Where(f => f.SampleCount != clean.SampleCount || !Adds(f.SampleCount, f.Correct, f.Blank)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{family.Name} has {family.Correct} correct and {family.Blank} blank of {family.SampleCount} samples, but the clean set has {clean.SampleCount}: every family is measured on the clean set's images."),
                nameof(families));
        }

        Model = model;
        Input = input;
        Seed = seed;
        Clean = clean;
        Families = [.. families];
        MeanAccuracy = families.Average(f => f.Accuracy);
    }

    /// <summary>The model's name.</summary>
    public string Model { get; }

    /// <summary>How the corrupted digits reached the model: as samples or as pictures.</summary>
    public CorruptedInput Input { get; }

    /// <summary>The seed of the corruptions.</summary>
    public int Seed { get; }

    /// <summary>The figures on the clean test images.</summary>
    public CleanAccuracy Clean { get; }

    /// <summary>The number of test images, clean and under each family.</summary>
    public int SampleCount => Clean.SampleCount;

    /// <summary>The figures under each family, in the order they were measured.</summary>
    public IReadOnlyList<FamilyAccuracy> Families { get; }

    /// <summary>The families held out of training, as the caller said.</summary>
    public IReadOnlyList<FamilyAccuracy> UnseenFamilies => [.. Families.Where(f => f.Unseen)];

    /// <summary>The mean of the families' accuracies, each family weighted the same.</summary>
    public double MeanAccuracy { get; }

    /// <summary>The mean of the families' errors: 1 − <see cref="MeanAccuracy"/>.</summary>
    public double MeanError => 1 - MeanAccuracy;

    /// <summary>
    /// The mean corruption error relative to clean: <see cref="MeanError"/> / <see cref="CleanAccuracy.Error"/>
    /// (see the remarks of <see cref="RobustnessReport"/>); <see langword="null"/> when the clean error is 0.
    /// </summary>
    public double? RelativeCorruptionError => RelativeToClean(MeanError);

    /// <summary>The error under one family relative to the clean error; <see langword="null"/> when the clean error is 0.</summary>
    /// <param name="family">One of <see cref="Families"/>.</param>
    /// <returns>The family's error divided by the clean error.</returns>
    public double? RelativeError(FamilyAccuracy family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return RelativeToClean(family.Error);
    }

    /// <summary>The report as a table: clean, each family, the mean, the unseen families' mean and the relative error.</summary>
    public string ToText() => RobustnessReportText.Table(this);

    /// <summary>
    /// The report as JSON (camelCase): <c>model</c>, <c>input</c>, <c>seed</c>, <c>sampleCount</c>, <c>cleanAccuracy</c>,
    /// <c>cleanBlank</c>, <c>meanAccuracy</c>, <c>meanError</c>, <c>relativeCorruptionError</c>, <c>families</c> (name,
    /// accuracy, relativeError, correct, blank, unseen) and <c>unseen</c> (names).
    /// </summary>
    /// <param name="indented">Whether to indent; false gives one line.</param>
    public string ToJson(bool indented = true) => RobustnessReportDocument.Write(this, indented);

    /// <summary>A bar chart of the accuracy under each family, with the clean accuracy as a line across it.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public PlotImage Chart(int width = 1000, int height = 560) => RobustnessChart.Render(this, width, height);

    /// <summary>Draws <see cref="Chart"/> and saves it as a PNG, written to a temporary name first and then renamed.</summary>
    /// <param name="path">Where to write the PNG.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public void SaveChartPng(string path, int width = 1000, int height = 560) => Chart(width, height).SavePng(path);

    /// <summary>The table (<see cref="ToText"/>).</summary>
    public override string ToString() => ToText();

    private double? RelativeToClean(double error) => Clean.Error == 0 ? null : error / Clean.Error;

    private static bool Adds(int samples, int correct, int blank) => samples > 0 && correct >= 0 && blank >= 0 && correct + blank <= samples;
}
