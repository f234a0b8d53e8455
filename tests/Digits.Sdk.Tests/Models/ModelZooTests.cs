using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Models;

public sealed class ModelZooTests
{
    [Fact]
    public void Models_are_found_by_name_ignoring_case()
    {
        Assert.Same(ModelZoo.Get("FastCnn"), ModelZoo.Find("fastcnn"));
        Assert.Same(ModelZoo.Get("LENET5"), ModelZoo.Find(" LeNet5 "));
        Assert.Null(ModelZoo.Find("ResNet50"));
    }

    [Fact]
    public void An_unknown_name_lists_the_models_there_are()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => ModelZoo.Get("ResNet50"));

        Assert.Contains("ResNet50", error.Message);
        Assert.All(ModelZoo.Names, name => Assert.Contains(name, error.Message));
    }

    [Fact]
    public void The_zoo_lists_every_model_of_the_study_with_a_recipe_and_an_expected_accuracy()
    {
        Assert.Equal(["LogisticRegression", "LinearSvm", "RbfSvm", "Mlp", "LeNet5", "FastCnn", "TopCnn"], ModelZoo.Names);
        Assert.All(ModelZoo.All, model =>
        {
            Assert.InRange(model.ExpectedAccuracy, 0.9, 1);
            Assert.Equal(model.Name, model.Type.Name);
            Assert.False(string.IsNullOrWhiteSpace(model.Description));
        });
        Assert.Equal(LossKind.MultiClassHinge, ModelZoo.Get("LinearSvm").Recipe.Loss);
        Assert.Equal(LossKind.MultiClassHinge, ModelZoo.Get("RbfSvm").Recipe.Loss);
        Assert.Equal(1, ModelZoo.Get("FastCnn").Recipe.Epochs);
        Assert.True(ModelZoo.Get("TopCnn").Recipe.Augments);
    }

    [Fact]
    public void Every_zoo_model_maps_images_to_ten_scores_with_the_parameters_its_architecture_describes()
    {
        foreach (var model in ModelZoo.All)
        {
            using var scope = NewDisposeScope();
            using var network = model.Create();
            network.eval();

            var scores = network.call(randn(3, 1, 28, 28));

            Assert.Equal([3L, 10], scores.shape);
            Assert.Equal(model.Architecture.ParameterCount, network.parameters().Sum(p => p.numel()));
            Assert.Equal(new TensorShape(1, 28, 28), model.Architecture.Input);
        }
    }

    [Fact]
    public void The_SVMs_are_a_linear_layer_on_the_pixels_or_on_random_Fourier_features()
    {
        Assert.Equal([LayerKind.Flatten, LayerKind.Linear], LinearSvm.Architecture.Layers.Select(l => l.Kind));
        Assert.Equal([LayerKind.Flatten, LayerKind.RandomFourierFeatures, LayerKind.Linear], RbfSvm.Architecture.Layers.Select(l => l.Kind));
    }
}
