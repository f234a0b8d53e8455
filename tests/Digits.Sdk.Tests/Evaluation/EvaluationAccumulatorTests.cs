using Digits.Sdk.Evaluation;

namespace Digits.Sdk.Tests.Evaluation;

public sealed class EvaluationAccumulatorTests
{
    [Fact]
    public void Adding_in_batches_gives_the_same_report_as_adding_at_once()
    {
        var predictions = SeededPredictions.Generate(seed: 21, classCount: 10, samples: 1_000);
        var whole = EvaluationReport.Create(predictions.TrueLabels, predictions.PredictedLabels, predictions.Probabilities);

        var accumulator = new EvaluationAccumulator();
        var flat = predictions.Probabilities.Cast<float>().ToArray();
        for (var start = 0; start < 1_000; start += 128)
        {
            var length = Math.Min(128, 1_000 - start);
            accumulator.Add(
                predictions.TrueLabels.AsSpan(start, length),
                predictions.PredictedLabels.AsSpan(start, length),
                flat.AsSpan(start * 10, length * 10));
        }

        var batched = accumulator.ToReport();
        Assert.Equal(1_000, accumulator.SampleCount);
        Assert.Equal(whole.ToJson(), batched.ToJson().Replace(batched.LogLoss!.Value.ToString("R"), whole.LogLoss!.Value.ToString("R"), StringComparison.Ordinal));
        Assert.Equal(whole.LogLoss!.Value, batched.LogLoss!.Value, 12);
    }

    [Fact]
    public void One_batch_without_probabilities_means_no_log_loss()
    {
        var accumulator = new EvaluationAccumulator(classCount: 3);
        accumulator.Add([0, 1], [0, 1], [0.9f, 0.05f, 0.05f, 0.1f, 0.8f, 0.1f]);
        accumulator.Add([2], [2]);

        var report = accumulator.ToReport();

        Assert.Null(report.LogLoss);
        Assert.Equal(3, report.SampleCount);
    }

    [Fact]
    public void An_empty_evaluation_cannot_be_reported()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EvaluationAccumulator().ToReport());

        Assert.Contains("No predictions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_two_classes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EvaluationAccumulator(["only"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationAccumulator(classCount: 1));
    }
}
