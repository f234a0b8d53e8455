using System.Globalization;
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

    [Fact]
    public void Every_hyperparameter_in_the_table_round_trips_through_With_and_Get_and_changes_only_itself()
    {
        var recipe = new TrainingRecipe();
        Assert.Equal(RecipeHyperparameters.All.Select(p => p.Name), TrainingRecipe.HyperparameterNames);

        foreach (var hyperparameter in RecipeHyperparameters.All)
        {
            var value = AnotherValidValue(hyperparameter, recipe.Get(hyperparameter.Name));

            var changed = recipe.With(hyperparameter.Name, value);

            Assert.Equal(value, changed.Get(hyperparameter.Name));
            Assert.Equal(value, changed.Get(hyperparameter.Name.ToUpperInvariant()));
            foreach (var other in TrainingRecipe.HyperparameterNames.Where(n => n != hyperparameter.Name))
            {
                Assert.True(recipe.Get(other) == changed.Get(other), $"Setting {hyperparameter.Name} changed {other}.");
            }
        }
    }

    [Fact]
    public void Only_whole_number_hyperparameters_are_integers_and_only_names_are_choices()
    {
        var kinds = RecipeHyperparameters.All.ToDictionary(p => p.Name, p => p.Kind);

        Assert.Equal(["epochs", "batchSize", "seed"], kinds.Where(k => k.Value == RecipeHyperparameterKind.Integer).Select(k => k.Key));
        Assert.Equal(["optimizer", "schedule", "loss", "augmentCorruptionFamilies"], kinds.Where(k => k.Value == RecipeHyperparameterKind.Choice).Select(k => k.Key));
    }

    /// <summary>A value the hyperparameter accepts that differs from <paramref name="current"/>, so a setter writing the wrong property shows.</summary>
    private static string AnotherValidValue(RecipeHyperparameter hyperparameter, string current) => hyperparameter.Kind switch
    {
        RecipeHyperparameterKind.Choice => ChoiceNames(hyperparameter.Name).First(n => n != current),
        RecipeHyperparameterKind.Integer => (int.Parse(current, CultureInfo.InvariantCulture) + 3).ToString(CultureInfo.InvariantCulture),
        _ => (double.Parse(current, CultureInfo.InvariantCulture) is var number && number > 0 ? number / 2 : 0.25).ToString("R", CultureInfo.InvariantCulture),
    };

    private static string[] ChoiceNames(string name) => name switch
    {
        "optimizer" => Enum.GetNames<OptimizerKind>(),
        "schedule" => Enum.GetNames<ScheduleKind>(),
        "loss" => Enum.GetNames<LossKind>(),
        "augmentCorruptionFamilies" => ["all", "fog,stripe", "canny_edges"],
        _ => throw new InvalidOperationException($"The test does not know the names of {name}; add them here."),
    };
}
