using System.Text.Json;
using Digits.Sdk.Evaluation;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// EvaluationReport against scikit-learn on the same seeded predictions. Needs python3-sklearn (apt); without it
/// these tests fail and say how to install it.
/// </summary>
public sealed class ScikitLearnAgreementTests
{
    private const double Tolerance = 1e-6;

    [Theory]
    [InlineData(1, 10, 2_000)]
    [InlineData(2, 2, 300)]
    [InlineData(3, 5, 57)]
    public void Every_metric_agrees_with_scikit_learn_to_one_in_a_million(int seed, int classCount, int samples)
    {
        var predictions = SeededPredictions.Generate(seed, classCount, samples);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);
        var oracle = ScikitLearnOracle.Run(predictions.ToOracleInput(withProbabilities: true));

        Near(oracle, "accuracy", report.Accuracy);
        Near(oracle, "macroPrecision", report.MacroAverage.Precision);
        Near(oracle, "macroRecall", report.MacroAverage.Recall);
        Near(oracle, "macroF1", report.MacroF1);
        Near(oracle, "weightedPrecision", report.WeightedAverage.Precision);
        Near(oracle, "weightedRecall", report.WeightedAverage.Recall);
        Near(oracle, "weightedF1", report.WeightedAverage.F1);
        Near(oracle, "logLoss", report.LogLoss ?? double.NaN);

        var perClass = oracle.GetProperty("perClass").EnumerateArray().ToArray();
        Assert.Equal(perClass.Length, report.PerClass.Count);
        for (var c = 0; c < classCount; c++)
        {
            Near(perClass[c], "precision", report.PerClass[c].Precision, $"class {c}");
            Near(perClass[c], "recall", report.PerClass[c].Recall, $"class {c}");
            Near(perClass[c], "f1", report.PerClass[c].F1, $"class {c}");
            Assert.Equal(perClass[c].GetProperty("support").GetInt32(), report.PerClass[c].Support);
        }

        var matrix = oracle.GetProperty("confusionMatrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(cell => cell.GetInt32()).ToArray())
            .ToArray();
        Assert.Equal(matrix, report.ConfusionMatrix.Select(row => row.ToArray()).ToArray());
    }

    [Fact]
    public void The_zero_division_cases_are_exercised_and_agree_with_scikit_learn()
    {
        // The generator guarantees a class never predicted and a class with no samples; check that they really
        // occur, so the agreement above covers scikit-learn's zero_division="warn" path.
        var predictions = SeededPredictions.Generate(seed: 4, classCount: 6, samples: 400);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.ClassNames);
        var oracle = ScikitLearnOracle.Run(predictions.ToOracleInput(withProbabilities: false));

        Assert.All(report.ConfusionMatrix, row => Assert.Equal(0, row[predictions.NeverPredicted]));
        Assert.Equal(0, report.PerClass[predictions.NeverTrue!.Value].Support);
        var neverPredicted = report.PerClass[predictions.NeverPredicted];
        var noSamples = report.PerClass[predictions.NeverTrue.Value];
        Assert.Equal(0, neverPredicted.Precision);
        Assert.Equal(0, noSamples.Recall);
        Assert.Contains(report.Warnings, w => w.Contains($"'{neverPredicted.Name}'", StringComparison.Ordinal) && w.StartsWith("Precision", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains($"'{noSamples.Name}'", StringComparison.Ordinal) && w.StartsWith("Recall", StringComparison.Ordinal));

        var oracleClasses = oracle.GetProperty("perClass").EnumerateArray().ToArray();
        Near(oracleClasses[predictions.NeverPredicted], "precision", neverPredicted.Precision, "never-predicted class");
        Near(oracleClasses[predictions.NeverTrue.Value], "recall", noSamples.Recall, "class without samples");
        Near(oracle, "macroF1", report.MacroF1);
        Assert.Equal(JsonValueKind.Null, oracle.GetProperty("logLoss").ValueKind);
        Assert.Null(report.LogLoss);
    }

    [Fact]
    public void The_text_table_is_laid_out_like_scikit_learns_classification_report()
    {
        var predictions = SeededPredictions.Generate(seed: 5, classCount: 10, samples: 1_000);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels);
        var expected = ScikitLearnOracle.Run(predictions.ToOracleInput(withProbabilities: false)).GetProperty("text").GetString()!;

        var text = report.ToText(digits: 4);
        Assert.StartsWith(expected, text, StringComparison.Ordinal);
    }

    private static void Near(JsonElement oracle, string property, double actual, string? where = null)
    {
        var expected = oracle.GetProperty(property).GetDouble();
        Assert.True(
            Math.Abs(expected - actual) <= Tolerance,
            $"{where}{(where is null ? "" : ": ")}{property} is {actual:R} here but {expected:R} in scikit-learn (difference {Math.Abs(expected - actual):E2}).");
    }
}
