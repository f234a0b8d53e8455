using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

public sealed class TrainingDefaultsTests
{
    [Fact]
    public void A_bare_builder_and_a_new_recipe_agree_on_every_shared_default()
    {
        var bare = Trainer.For<TinyLinear>().Options;
        var fromRecipe = new TrainingRecipe().Configure(Trainer.For<TinyLinear>()).Options;

        Assert.Equal(TrainingDefaults.Optimizer.ToString(), bare.Optimizer.Name);
        Assert.Equal(bare.Optimizer.Name, fromRecipe.Optimizer.Name);
        Assert.Equal(TrainingDefaults.LearningRate, bare.Optimizer.LearningRate);
        Assert.Equal(bare.Optimizer.LearningRate, fromRecipe.Optimizer.LearningRate);
        Assert.Equal((TrainingDefaults.Epochs, TrainingDefaults.BatchSize, TrainingDefaults.Seed), (bare.Epochs, bare.BatchSize, bare.Seed));
        Assert.Equal((bare.Epochs, bare.BatchSize, bare.Seed), (fromRecipe.Epochs, fromRecipe.BatchSize, fromRecipe.Seed));
    }

    [Fact]
    public void The_defaults_are_the_values_the_recorded_accuracies_were_measured_with()
    {
        // Every accuracy in the docs and benchmarks was measured with these; changing one is a deliberate act.
        Assert.Equal(
            (OptimizerKind.AdamW, 1e-3, 0.9, LossKind.CrossEntropy, 5, 128, 42, 3),
            (TrainingDefaults.Optimizer, TrainingDefaults.LearningRate, TrainingDefaults.Momentum, TrainingDefaults.Loss, TrainingDefaults.Epochs, TrainingDefaults.BatchSize, TrainingDefaults.Seed, TrainingDefaults.Patience));
        var recipe = new TrainingRecipe();
        Assert.Equal((ScheduleKind.OneCycle, 0.0), (recipe.Schedule, recipe.WeightDecay));
    }
}
