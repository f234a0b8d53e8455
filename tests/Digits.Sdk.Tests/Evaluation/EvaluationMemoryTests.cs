using Digits.Sdk.Evaluation;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Training;
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

    [Fact]
    public void Scoring_a_validation_set_during_training_frees_each_batchs_activations_before_the_next_batch()
    {
        using var data = DigitDatasetTests.Numbered(100);
        using var network = new RecordingNetwork();

        var (loss, accuracy) = BatchedScoring.LossAndAccuracy(network, data, Losses.CrossEntropy(), CPU, batchSize: 10);

        Assert.True(double.IsFinite(loss));
        Assert.InRange(accuracy, 0, 1);
        Assert.Equal(Enumerable.Repeat(true, 9), network.PreviousActivationFreed);
    }

    [Fact]
    public void Every_way_of_scoring_runs_in_evaluation_mode_without_gradients_and_restores_training_mode()
    {
        using var data = DigitDatasetTests.Numbered(30);
        using var network = new RecordingNetwork();
        network.train();

        using (network.PredictProbabilities(data, batchSize: 10))
        {
        }

        _ = network.Evaluate(data, batchSize: 10);
        _ = BatchedScoring.LossAndAccuracy(network, data, Losses.CrossEntropy(), CPU, batchSize: 10);

        Assert.Equal(9, network.Calls.Count);
        Assert.All(network.Calls, call => Assert.Equal((false, false), call));
        Assert.True(network.training);
        Assert.True(is_grad_enabled());
    }

    /// <summary>Keeps a reference to an activation of every call and notes, at each call, whether the last one was disposed.</summary>
    private sealed class RecordingNetwork() : nn.Module<Tensor, Tensor>(nameof(RecordingNetwork))
    {
        private Tensor? lastActivation;

        public List<bool> PreviousActivationFreed { get; } = [];

        /// <summary>For every call, whether the network was in training mode and gradients were enabled.</summary>
        public List<(bool Training, bool Gradients)> Calls { get; } = [];

        public override Tensor forward(Tensor input)
        {
            Calls.Add((training, is_grad_enabled()));
            if (lastActivation is not null)
            {
                PreviousActivationFreed.Add(lastActivation.IsInvalid);
            }

            lastActivation = input.flatten(1).sum(1, keepdim: true) * 2;
            return lastActivation.repeat(1, 10);
        }
    }
}
