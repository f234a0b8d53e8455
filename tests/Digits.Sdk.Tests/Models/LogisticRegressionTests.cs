using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Models;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void The_shipped_network_is_generated_from_its_attributes()
    {
        var architecture = LogisticRegression.Architecture;

        Assert.Equal(new TensorShape(1, 28, 28), architecture.Input);
        Assert.Equal([LayerKind.Flatten, LayerKind.Linear], architecture.Layers.Select(layer => layer.Kind));
        Assert.Equal(784, architecture.Layers[1].Arguments.InputSize);
        Assert.Equal(new TensorShape(10), architecture.Output);
    }

    [Fact]
    public void It_maps_a_batch_of_images_to_class_scores_with_the_described_parameters()
    {
        using var scope = NewDisposeScope();
        using var network = new LogisticRegression();

        var scores = network.call(rand(5, 1, 28, 28));

        Assert.Equal([5L, 10], scores.shape);
        Assert.Equal(["fc1.weight", "fc1.bias"], network.named_parameters().Select(parameter => parameter.name));
        Assert.Equal(LogisticRegression.Architecture.ParameterCount, network.parameters().Sum(parameter => parameter.numel()));
    }
}
