using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Models;

[Collection(TrainingCollection.Name)]
public sealed class EnsembleTests(MnistFixture mnist)
{
    [Fact]
    public void An_ensemble_averages_the_softmax_of_its_members()
    {
        var recipe = LogisticRegression.Recipe with { Epochs = 1 };
        using var ensemble = Ensemble.Fit(ModelZoo.Get("LogisticRegression"), members: 2, mnist.Small, recipe: recipe);

        using var scope = NewDisposeScope();
        var averaged = ensemble.PredictProbabilities(mnist.Validation);
        var expected = (ensemble.Members[0].PredictProbabilities(mnist.Validation) + ensemble.Members[1].PredictProbabilities(mnist.Validation)) / 2;

        Assert.Equal([500L, 10], averaged.shape);
        Assert.True(averaged.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.False(ensemble.Members[0].PredictProbabilities(mnist.Validation).allclose(ensemble.Members[1].PredictProbabilities(mnist.Validation)), "members with different seeds should differ");
        var report = ensemble.Evaluate(mnist.Validation);
        Assert.Equal(500, report.SampleCount);
        Assert.True(report.Accuracy > 0.5, $"accuracy {report.Accuracy}");
    }

    [Fact]
    public void An_ensemble_needs_a_member()
    {
        Assert.Throws<ArgumentException>(() => new Ensemble([]));
    }
}
