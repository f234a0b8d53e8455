namespace Digits.Sdk.Training;

/// <summary>What values a <see cref="RecipeHyperparameter"/> takes, which is what a search may draw for it.</summary>
internal enum RecipeHyperparameterKind
{
    /// <summary>A real number, such as a learning rate: a range may be sampled continuously.</summary>
    Number,

    /// <summary>A whole number, such as the epochs: a value drawn from a range is rounded.</summary>
    Integer,

    /// <summary>One of a set of names, such as the optimizer's or a list of corruption families: only a list of values can be searched.</summary>
    Choice,
}
