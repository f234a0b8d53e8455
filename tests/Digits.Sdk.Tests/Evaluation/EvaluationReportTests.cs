using System.Text.Json;
using Digits.Sdk.Evaluation;

namespace Digits.Sdk.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    [Fact]
    public void Metrics_follow_from_the_confusion_matrix_of_a_small_example()
    {
        // true:      0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2
        // class 0: tp 2, predicted 2, support 3 -> precision 1, recall 2/3
        // class 1: tp 1, predicted 2, support 2 -> precision 1/2, recall 1/2
        // class 2: tp 1, predicted 2, support 1 -> precision 1/2, recall 1
        var report = EvaluationReport.Create([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ["0", "1", "2"]);

        Assert.Equal(4.0 / 6, report.Accuracy, 12);
        Assert.Equal([3, 2, 1], report.PerClass.Select(m => m.Support));
        Assert.Equal([1, 0.5, 0.5], report.PerClass.Select(m => m.Precision));
        Assert.Equal(2.0 / 3, report.PerClass[0].Recall, 12);
        Assert.Equal(2 * 1 * (2.0 / 3) / (1 + (2.0 / 3)), report.PerClass[0].F1, 12);
        Assert.Equal(report.PerClass.Average(m => m.F1), report.MacroF1, 12);
        Assert.Equal(report.PerClass.Sum(m => m.Recall * m.Support) / 6, report.WeightedAverage.Recall, 12);
        Assert.Equal([2, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], report.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 1], report.ConfusionMatrix[2]);
        Assert.Null(report.LogLoss);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Without_class_names_the_report_covers_the_ten_digits()
    {
        var report = EvaluationReport.Create([3, 3], [3, 5]);

        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], report.ClassNames);
        Assert.Equal(10, report.ConfusionMatrix.Count);
    }

    [Fact]
    public void A_class_that_is_never_predicted_scores_zero_precision_and_says_why()
    {
        var report = EvaluationReport.Create([0, 1, 1], [0, 0, 0], ["cat", "dog"]);

        Assert.Equal(0, report.PerClass[1].Precision);
        Assert.Equal(0, report.PerClass[1].F1);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("'dog'", warning, StringComparison.Ordinal);
        Assert.Contains("never predicted", warning, StringComparison.Ordinal);
        Assert.Contains(warning, report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Probabilities_give_the_mean_negative_log_likelihood_of_the_true_class()
    {
        float[,] probabilities = { { 0.8f, 0.2f }, { 0.4f, 0.6f }, { 0.5f, 0.5f } };

        var report = EvaluationReport.FromProbabilities([0, 1, 1], probabilities);

        var expected = -(Math.Log(0.8f) + Math.Log(0.6f) + Math.Log(0.5f)) / 3;
        Assert.Equal(expected, report.LogLoss!.Value, 6);
        // The tied third sample goes to the first class, as with numpy.argmax.
        Assert.Equal([1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([1, 1], report.ConfusionMatrix[1]);
    }

    [Fact]
    public void A_confident_wrong_answer_costs_a_bounded_log_loss()
    {
        float[,] probabilities = { { 0f, 1f }, { 1f, 0f } };

        var report = EvaluationReport.FromProbabilities([0, 0], probabilities);

        // One sample clipped at eps = 2^-23: -ln(eps / (1 - eps + eps)) / 2 samples.
        var eps = Math.Pow(2, -23);
        Assert.Equal((-Math.Log(eps) - Math.Log(1 - eps)) / 2, report.LogLoss!.Value, 9);
    }

    [Fact]
    public void Logits_instead_of_probabilities_are_rejected_with_the_place_and_the_fix()
    {
        float[,] logits = { { 2.5f, -1f } };

        var error = Assert.Throws<ArgumentException>(() => EvaluationReport.FromProbabilities([0], logits));

        Assert.Contains("sample 0, class 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("softmax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_the_classes_is_rejected_with_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create([1, 2, 12], [1, 2, 3]));

        Assert.Contains("True label 12 at index 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("trueLabels", error.ParamName);
    }

    [Fact]
    public void Label_and_probability_counts_must_agree()
    {
        Assert.Throws<ArgumentException>(() => EvaluationReport.Create([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => EvaluationReport.Create([0, 1], [0, 1], new float[3, 2]));
        Assert.Throws<ArgumentException>(() => EvaluationReport.Create([0, 1], [0, 1], new float[2, 3], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => EvaluationReport.Create([], []));
    }

    [Fact]
    public void Json_has_the_fields_the_cli_promises_in_camel_case()
    {
        var predictions = SeededPredictions.Generate(seed: 11, classCount: 10, samples: 500);
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal(report.Accuracy, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(report.MacroF1, root.GetProperty("macroF1").GetDouble());
        Assert.Equal(report.LogLoss, root.GetProperty("logLoss").GetDouble());
        var seven = root.GetProperty("perClass")[7];
        Assert.Equal(report.PerClass[7].Precision, seven.GetProperty("precision").GetDouble());
        Assert.Equal(report.PerClass[7].Recall, seven.GetProperty("recall").GetDouble());
        Assert.Equal(report.PerClass[7].F1, seven.GetProperty("f1").GetDouble());
        Assert.Equal(report.PerClass[7].Support, seven.GetProperty("support").GetInt32());
        Assert.Equal(report.ConfusionMatrix[4][2], root.GetProperty("confusionMatrix")[4][2].GetInt32());
        Assert.DoesNotContain('\n', report.ToJson(indented: false));
    }

    [Fact]
    public void Json_round_trips_to_an_equal_report()
    {
        var predictions = SeededPredictions.Generate(seed: 12, classCount: 6, samples: 300);
        var original = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities, ["a", "b", "c", "d", "e", "f"]);

        var copy = EvaluationReport.FromJson(original.ToJson());

        Assert.Equal(original.ClassNames, copy.ClassNames);
        Assert.Equal(original.PerClass, copy.PerClass);
        Assert.Equal(original.MacroAverage, copy.MacroAverage);
        Assert.Equal(original.WeightedAverage, copy.WeightedAverage);
        Assert.Equal(original.LogLoss, copy.LogLoss);
        Assert.Equal(original.Warnings, copy.Warnings);
        Assert.Equal(original.ToJson(), copy.ToJson());
    }

    [Fact]
    public void Json_whose_numbers_contradict_its_confusion_matrix_is_rejected()
    {
        var report = EvaluationReport.Create([0, 1, 1, 0], [0, 1, 0, 0], ["no", "yes"]);
        var edited = report.ToJson().Replace("\"accuracy\": 0.75", "\"accuracy\": 0.95", StringComparison.Ordinal);
        Assert.NotEqual(report.ToJson(), edited);

        var error = Assert.Throws<JsonException>(() => EvaluationReport.FromJson(edited));

        Assert.Contains("'accuracy' is 0.95", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_without_a_confusion_matrix_is_not_a_report()
    {
        var error = Assert.Throws<JsonException>(() => EvaluationReport.FromJson("""{ "accuracy": 0.5, "perClass": [] }"""));

        Assert.Contains("confusionMatrix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_rows_line_up_and_markdown_has_a_row_per_class()
    {
        var predictions = SeededPredictions.Generate(seed: 13, classCount: 10, samples: 400);
        string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle|boot"];
        var report = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities, names);

        var tableRows = report.ToText().Split('\n').Where(line => line.Length > 0 && !line.StartsWith("warning", StringComparison.Ordinal)).ToArray();
        // The one-number rows (log loss and the calibration lines) end under the f1-score column, as accuracy does.
        string[] single = ["log loss", "ECE", "MCE", "Brier score"];
        var scalars = tableRows.Where(line => single.Any(name => line.TrimStart().StartsWith(name, StringComparison.Ordinal))).ToArray();
        Assert.Equal(single.Length, scalars.Length);
        Assert.Single(scalars.Select(line => line.Length).Distinct());
        Assert.Single(tableRows.Except(scalars).Select(line => line.Length).Distinct());
        Assert.Equal(1 + 10 + 3, tableRows.Length - scalars.Length);

        var markdown = report.ToMarkdown();
        Assert.Contains("| T-shirt/top |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Ankle\\|boot |", markdown, StringComparison.Ordinal);
        Assert.Equal(10 + 2 + 10, markdown.Split('\n').Count(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| class", StringComparison.Ordinal) && !line.StartsWith("| true", StringComparison.Ordinal)));
    }
}
