using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class EvaluationBridgeTests(MnistFixture mnist)
{
    [Fact]
    public void Evaluating_a_trained_declared_network_agrees_with_the_validation_metrics_of_its_run()
    {
        var run = Trainer.For<LogisticRegression>().Epochs(2).BatchSize(100).Fit(mnist.Small, mnist.Validation);

        var report = run.Model.Evaluate(mnist.Validation, batchSize: 128);

        Assert.Equal(mnist.Validation.Count, report.SampleCount);
        Assert.Equal(run.History[^1].ValidationAccuracy!.Value, report.Accuracy, 12);
        // The run ended by fitting its temperature on that split: the epoch's loss is the NLL before it, the report's after.
        Assert.Equal(run.History[^1].ValidationLoss!.Value, run.Calibration!.NegativeLogLikelihoodBefore, 4);
        Assert.Equal(run.Calibration.NegativeLogLikelihoodAfter, report.LogLoss!.Value, 4);
        Assert.Equal(mnist.Validation.Count, report.ConfusionMatrix.Sum(row => row.Sum()));
    }

    [Fact]
    public void The_history_draws_training_curves_as_a_png()
    {
        using var folder = new TemporaryFolder();
        var run = Trainer.For<LogisticRegression>().Epochs(2).BatchSize(200).Fit(mnist.Small, mnist.Validation);

        run.History.SaveCurvesPng(folder.File("curves.png"));

        var png = File.ReadAllBytes(folder.File("curves.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to hold two curves");
    }
}
