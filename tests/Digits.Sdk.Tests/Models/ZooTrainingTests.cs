using Digits.Sdk.Evaluation;
using Digits.Sdk.Models;
using Digits.Sdk.Tests.Training;

namespace Digits.Sdk.Tests.Models;

/// <summary>
/// The zoo models that train in about a minute or less, trained for real with their recipes on all 60,000 MNIST
/// images, meet their documented thresholds on the test set (the CNNs that take longer are measured by the
/// benchmark project's zoo-train and recorded in docs/benchmarks.md).
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ZooTrainingTests(MnistFixture mnist)
{
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("LogisticRegression", 0.925)]
    [InlineData("LinearSvm", 0.915)]
    [InlineData("RbfSvm", 0.98)]
    public void A_kernel_or_linear_zoo_model_trained_with_its_recipe_reaches_its_threshold_on_the_MNIST_test_set(string name, double threshold)
    {
        var model = ModelZoo.Get(name);

        var run = model.Fit(mnist.Data.Train);
        using var network = run.Model;
        var accuracy = network.Evaluate(mnist.Data.Test).Accuracy;

        Assert.True(accuracy >= threshold, $"{name}: test accuracy {accuracy:P2} after {run.Elapsed.TotalSeconds:F1} s, below {threshold:P1}");
        Assert.Equal(threshold, model.ExpectedAccuracy);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void FastCnn_reaches_99_percent_on_the_MNIST_test_set_after_one_epoch()
    {
        var model = ModelZoo.Get("FastCnn");

        var run = model.Fit(mnist.Data.Train);
        using var network = run.Model;
        var accuracy = network.Evaluate(mnist.Data.Test).Accuracy;

        Assert.Single(run.History);
        Assert.True(accuracy >= 0.99, $"FastCnn: test accuracy {accuracy:P2} after one epoch ({run.Elapsed.TotalSeconds:F1} s)");
    }
}
