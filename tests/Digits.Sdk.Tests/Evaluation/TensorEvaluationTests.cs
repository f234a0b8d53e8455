using Digits.Sdk.Evaluation;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Evaluation;

public sealed class TensorEvaluationTests
{
    [Fact]
    public void Tensors_give_the_same_report_as_arrays()
    {
        var predictions = SeededPredictions.Generate(seed: 31, classCount: 10, samples: 500);
        var fromArrays = EvaluationReport.FromProbabilities(predictions.TrueLabels, predictions.Probabilities);

        using var labels = tensor(predictions.TrueLabels.Select(l => (long)l).ToArray());
        using var probabilities = tensor(predictions.Probabilities);
        var fromTensors = EvaluationReport.FromProbabilities(labels, probabilities);

        Assert.Equal(fromArrays.ToJson(), fromTensors.ToJson());
    }

    [Fact]
    public void A_probability_tensor_of_the_wrong_rank_names_the_expected_shape()
    {
        using var labels = tensor(new long[] { 0, 1 });
        using var flat = tensor(new float[] { 0.5f, 0.5f, 0.5f, 0.5f });
        var accumulator = new EvaluationAccumulator(classCount: 2);

        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(labels, flat));

        Assert.Contains("[samples, 2]", error.Message, StringComparison.Ordinal);
    }
}
