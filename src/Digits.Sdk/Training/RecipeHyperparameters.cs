namespace Digits.Sdk.Training;

/// <summary>
/// Every hyperparameter of a <see cref="TrainingRecipe"/>, once: <see cref="TrainingRecipe.HyperparameterNames"/>,
/// <see cref="TrainingRecipe.With(string, string)"/>, <see cref="TrainingRecipe.Get"/> and the tuner's sampling all
/// read this table, so adding a recipe property that tuning can reach is one line here.
/// </summary>
internal static class RecipeHyperparameters
{
    private const string Positive = "positive";
    private const string ZeroOrMore = "zero or more";

    /// <summary>The hyperparameters, in the order the CLI and the docs list them.</summary>
    public static IReadOnlyList<RecipeHyperparameter> All { get; } =
    [
        RecipeHyperparameter.Choice<OptimizerKind>("optimizer", r => r.Optimizer, (r, v) => r with { Optimizer = v }),
        RecipeHyperparameter.Number("learningRate", v => v > 0, Positive, r => r.LearningRate, (r, v) => r with { LearningRate = v }),
        RecipeHyperparameter.Number("weightDecay", v => v >= 0, ZeroOrMore, r => r.WeightDecay, (r, v) => r with { WeightDecay = v }),
        RecipeHyperparameter.Number("momentum", v => v >= 0, ZeroOrMore, r => r.Momentum, (r, v) => r with { Momentum = v }),
        RecipeHyperparameter.Choice<ScheduleKind>("schedule", r => r.Schedule, (r, v) => r with { Schedule = v }),
        RecipeHyperparameter.Choice<LossKind>("loss", r => r.Loss, (r, v) => r with { Loss = v }),
        RecipeHyperparameter.Number("labelSmoothing", v => v is >= 0 and < 1, "in [0, 1)", r => r.LabelSmoothing, (r, v) => r with { LabelSmoothing = v }),
        RecipeHyperparameter.Integer("epochs", v => v >= 1, "at least 1", r => r.Epochs, (r, v) => r with { Epochs = v }),
        RecipeHyperparameter.Integer("batchSize", v => v >= 1, "at least 1", r => r.BatchSize, (r, v) => r with { BatchSize = v }),
        RecipeHyperparameter.Number("augmentShift", v => v >= 0, ZeroOrMore, r => r.AugmentShift, (r, v) => r with { AugmentShift = v }),
        RecipeHyperparameter.Number("augmentRotate", v => v >= 0, ZeroOrMore, r => r.AugmentRotate, (r, v) => r with { AugmentRotate = v }),
        RecipeHyperparameter.Number("augmentScale", v => v >= 0, ZeroOrMore, r => r.AugmentScale, (r, v) => r with { AugmentScale = v }),
        RecipeHyperparameter.Number("augmentStroke", v => v is >= 0 and <= 1, "in [0, 1]", r => r.AugmentStroke, (r, v) => r with { AugmentStroke = v }),
        RecipeHyperparameter.Number("augmentCorruptions", v => v is >= 0 and <= 1, "in [0, 1]", r => r.AugmentCorruptions, (r, v) => r with { AugmentCorruptions = v }),
        RecipeHyperparameter.CorruptionList("augmentCorruptionFamilies", r => r.AugmentCorruptionFamilies, (r, v) => r with { AugmentCorruptionFamilies = v }),
        RecipeHyperparameter.Integer("seed", static _ => true, "a whole number", r => r.Seed, (r, v) => r with { Seed = v }),
    ];

    /// <summary>The hyperparameter called <paramref name="name"/>, in any case.</summary>
    /// <exception cref="ArgumentException">No hyperparameter has that name; the message lists those that do.</exception>
    public static RecipeHyperparameter Find(string name)
        => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{name}' is not a hyperparameter of a training recipe; use one of {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
