using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

public sealed class TrainingRecipeTests
{
    [Fact]
    public void Hyperparameters_are_set_and_read_by_name_in_invariant_culture()
    {
        var recipe = new TrainingRecipe()
            .With("learningRate", "3e-3")
            .With("BATCHSIZE", "64")
            .With("schedule", "cosine")
            .With("labelSmoothing", 0.1);

        Assert.Equal(0.003, recipe.LearningRate);
        Assert.Equal(64, recipe.BatchSize);
        Assert.Equal(ScheduleKind.Cosine, recipe.Schedule);
        Assert.Equal("0.1", recipe.Get("labelSmoothing"));
        Assert.Equal("Cosine", recipe.Get("schedule"));
    }

    [Theory]
    [InlineData("learningRate", "-1", "positive")]
    [InlineData("epochs", "2.5", "whole number")]
    [InlineData("optimizer", "Adagrad", "Sgd, Adam, AdamW, Lbfgs")]
    [InlineData("labelSmoothing", "1", "[0, 1)")]
    [InlineData("dropout", "0.5", "not a hyperparameter")]
    public void A_bad_name_or_value_says_what_is_accepted(string name, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingRecipe().With(name, value));

        Assert.Contains(expected, error.Message);
    }
}
