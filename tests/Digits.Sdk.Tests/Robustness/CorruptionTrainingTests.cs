using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.Training;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Robustness;

[Collection(TrainingCollection.Name)]
public sealed class CorruptionTrainingTests(MnistFixture mnist)
{
    [Fact]
    public void A_recipe_with_corruptions_trains_reproducibly_and_differently_from_one_without()
    {
        using var train = mnist.Data.Train.Take(600);
        var plain = new TrainingRecipe { Epochs = 1, BatchSize = 100, Seed = 3 };
        var corrupted = plain.With("augmentCorruptions", "1").With("augmentCorruptionFamilies", "fog,stripe,canny_edges");

        var first = corrupted.Configure(Trainer.For<TinyCnn>()).Fit(train, mnist.Validation);
        var again = corrupted.Configure(Trainer.For<TinyCnn>()).Fit(train, mnist.Validation);
        var without = plain.Configure(Trainer.For<TinyCnn>()).Fit(train, mnist.Validation);

        Assert.Equal(TrainerTests.Numbers(first.History), TrainerTests.Numbers(again.History));
        Assert.NotEqual(TrainerTests.Numbers(first.History), TrainerTests.Numbers(without.History));
    }

    [Fact]
    public void The_families_read_and_write_as_text_and_all_fifteen_is_the_default()
    {
        var recipe = new TrainingRecipe().With("augmentCorruptions", "0.25").With("AUGMENTCORRUPTIONFAMILIES", "Fog, stripe");

        Assert.Equal("all", new TrainingRecipe().Get("augmentCorruptionFamilies"));
        Assert.Equal([Corruption.Fog, Corruption.Stripe], recipe.AugmentCorruptionFamilies);
        Assert.Equal("fog,stripe", recipe.Get("augmentCorruptionFamilies"));
        Assert.Equal(new TrainingRecipe(), new TrainingRecipe().With("augmentCorruptionFamilies", "all"));
        Assert.True(recipe.Augments);
        Assert.Contains("corrupted at 0.25 (fog,stripe)", recipe.ToString());
    }

    [Theory]
    [InlineData("augmentCorruptions", "1.5", "in [0, 1]")]
    [InlineData("augmentCorruptionFamilies", "fog,snow", "augmentCorruptionFamilies: 'snow' is not an MNIST-C corruption")]
    public void Bad_corruption_settings_say_what_is_accepted(string name, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingRecipe().With(name, value));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_builder_refuses_an_empty_list_of_families()
    {
        Assert.Throws<ArgumentException>(() => Trainer.For<TinyCnn>().AugmentCorruptions(0.5, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.For<TinyCnn>().AugmentCorruptions(-0.1));
    }
}
