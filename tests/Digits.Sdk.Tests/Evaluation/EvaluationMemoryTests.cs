using Digits.Sdk.Evaluation;
using Digits.Sdk.Tests.Data;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// Scoring a data set batch by batch frees each batch's activations before the next batch runs, so memory stays at
/// one batch's worth however large the data set (a CNN's activations at batch 1,000 are hundreds of MB).
/// </summary>
public sealed class EvaluationMemoryTests
{
    [Fact]
    public void Predicting_probabilities_frees_each_batchs_activations_before_the_next_batch()
    {
        using var data = DigitDatasetTests.Numbered(100);
        using var network = new RecordingNetwork();

        using var probabilities = network.PredictProbabilities(data, batchSize: 10);

        Assert.Equal([100, 10], probabilities.shape);
        Assert.Equal(Enumerable.Repeat(true, 9), network.PreviousActivationFreed);
    }

    [Fact]
    public void Evaluating_frees_each_batchs_activations_before_the_next_batch()
    {
        using var data = DigitDatasetTests.Numbered(100);
        using var network = new RecordingNetwork();

        var report = network.Evaluate(data, batchSize: 10);

        Assert.Equal(100, report.SampleCount);
        Assert.Equal(Enumerable.Repeat(true, 9), network.PreviousActivationFreed);
    }

    /// <summary>Keeps a reference to an activation of every call and notes, at each call, whether the last one was disposed.</summary>
    private sealed class RecordingNetwork() : nn.Module<Tensor, Tensor>(nameof(RecordingNetwork))
    {
        private Tensor? lastActivation;

        public List<bool> PreviousActivationFreed { get; } = [];

        public override Tensor forward(Tensor input)
        {
            if (lastActivation is not null)
            {
                PreviousActivationFreed.Add(lastActivation.IsInvalid);
            }

            lastActivation = input.flatten(1).sum(1, keepdim: true) * 2;
            return lastActivation.repeat(1, 10);
        }
    }
}
