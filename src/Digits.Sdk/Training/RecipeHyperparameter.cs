using System.Globalization;

namespace Digits.Sdk.Training;

/// <summary>
/// One hyperparameter of a <see cref="TrainingRecipe"/>: its name, its kind, the rule its values obey, and how to
/// read it from and write it into a recipe as invariant text. <see cref="RecipeHyperparameters"/> holds them all.
/// </summary>
internal sealed class RecipeHyperparameter
{
    private readonly Func<TrainingRecipe, string, TrainingRecipe> apply;
    private readonly Func<TrainingRecipe, string> read;

    private RecipeHyperparameter(string name, RecipeHyperparameterKind kind, Func<TrainingRecipe, string, TrainingRecipe> apply, Func<TrainingRecipe, string> read)
    {
        Name = name;
        Kind = kind;
        this.apply = apply;
        this.read = read;
    }

    /// <summary>The name in camelCase, as the CLI and <see cref="TrainingRecipe.HyperparameterNames"/> spell it.</summary>
    public string Name { get; }

    /// <summary>Whether it is a real number, a whole number or an enum's name.</summary>
    public RecipeHyperparameterKind Kind { get; }

    /// <summary>A copy of <paramref name="recipe"/> with this hyperparameter parsed from <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value does not parse or breaks the rule; the message says what is accepted.</exception>
    public TrainingRecipe Apply(TrainingRecipe recipe, string value) => apply(recipe, value);

    /// <summary>This hyperparameter's value in <paramref name="recipe"/>, as invariant text that <see cref="Apply"/> reads back.</summary>
    public string Read(TrainingRecipe recipe) => read(recipe);

    /// <summary>A real-valued hyperparameter that must be <paramref name="requirement"/> (as <paramref name="holds"/> checks).</summary>
    public static RecipeHyperparameter Number(string name, Func<double, bool> holds, string requirement, Func<TrainingRecipe, double> get, Func<TrainingRecipe, double, TrainingRecipe> set)
        => new(
            name,
            RecipeHyperparameterKind.Number,
            (recipe, value) => set(recipe, Check(name, value, ParseNumber(name, value), holds, requirement)),
            recipe => get(recipe).ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A whole-number hyperparameter that must be <paramref name="requirement"/> (as <paramref name="holds"/> checks).</summary>
    public static RecipeHyperparameter Integer(string name, Func<int, bool> holds, string requirement, Func<TrainingRecipe, int> get, Func<TrainingRecipe, int, TrainingRecipe> set)
        => new(
            name,
            RecipeHyperparameterKind.Integer,
            (recipe, value) => set(recipe, Check(name, value, ParseInteger(name, value), holds, requirement)),
            recipe => get(recipe).ToString(CultureInfo.InvariantCulture));

    /// <summary>A hyperparameter that is one of <typeparamref name="T"/>'s names, in any case.</summary>
    public static RecipeHyperparameter Choice<T>(string name, Func<TrainingRecipe, T> get, Func<TrainingRecipe, T, TrainingRecipe> set)
        where T : struct, Enum
        => new(
            name,
            RecipeHyperparameterKind.Choice,
            (recipe, value) => set(recipe, ParseEnum<T>(name, value)),
            recipe => get(recipe).ToString());

    /// <summary>A list of MNIST-C corruption families, written as <see cref="Robustness.Corruptions.Parse"/> reads it (<c>all</c> or names with commas).</summary>
    public static RecipeHyperparameter CorruptionList(string name, Func<TrainingRecipe, IReadOnlyList<Robustness.Corruption>> get, Func<TrainingRecipe, IReadOnlyList<Robustness.Corruption>, TrainingRecipe> set)
        => new(
            name,
            RecipeHyperparameterKind.Choice,
            (recipe, value) => set(recipe, ParseCorruptions(name, value)),
            recipe => Robustness.Corruptions.Format(get(recipe)));

    private static IReadOnlyList<Robustness.Corruption> ParseCorruptions(string name, string value)
    {
        try
        {
            return Robustness.Corruptions.Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{name}: {e.Message}", nameof(value), e);
        }
    }

    private static double ParseNumber(string name, string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name} must be a number such as 0.001 or 1e-3, not '{value}'.", nameof(value));

    private static int ParseInteger(string name, string value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} must be a whole number, not '{value}'.", nameof(value));

    private static T ParseEnum<T>(string name, string value)
        where T : struct, Enum
        => Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"{name} must be one of {string.Join(", ", Enum.GetNames<T>())}, not '{value}'.", nameof(value));

    private static T Check<T>(string name, string value, T parsed, Func<T, bool> holds, string requirement)
        => holds(parsed) ? parsed : throw new ArgumentException($"{name} must be {requirement}, not {value}.", nameof(value));
}
