using System.Globalization;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning;

/// <summary>
/// One dimension of a search: a <see cref="TrainingRecipe"/> hyperparameter and the values to try, either a list
/// (<see cref="Choice(string, string[])"/>, for grid and random search) or a continuous range (<see cref="Uniform"/>,
/// <see cref="LogUniform"/>, for random search only).
/// </summary>
public sealed record Hyperparameter
{
    private readonly RecipeHyperparameter recipeHyperparameter;

    private Hyperparameter(string name, IReadOnlyList<string> values, double minimum, double maximum, bool logarithmic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        recipeHyperparameter = RecipeHyperparameters.Find(name);
        if (values.Count == 0 && recipeHyperparameter.Kind == RecipeHyperparameterKind.Choice)
        {
            throw new ArgumentException($"{recipeHyperparameter.Name} takes one of a list of names, not a range: list them with Hyperparameter.Choice.", nameof(name));
        }

        Name = recipeHyperparameter.Name;
        Values = values;
        Minimum = minimum;
        Maximum = maximum;
        IsLogarithmic = logarithmic;
        foreach (var value in values)
        {
            // Fail at declaration, not in the middle of a long search.
            _ = new TrainingRecipe().With(Name, value);
        }
    }

    /// <summary>The recipe hyperparameter, in <see cref="TrainingRecipe.HyperparameterNames"/>' spelling.</summary>
    public string Name { get; }

    /// <summary>The values to try, as invariant text; empty for a continuous range.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The lower end of a continuous range.</summary>
    public double Minimum { get; }

    /// <summary>The upper end of a continuous range.</summary>
    public double Maximum { get; }

    /// <summary>Whether a continuous range is sampled uniformly in its logarithm (learning rates, weight decay).</summary>
    public bool IsLogarithmic { get; }

    /// <summary>Whether this is a continuous range rather than a list of values.</summary>
    public bool IsRange => Values.Count == 0;

    /// <summary>A list of values to try.</summary>
    /// <param name="name">A recipe hyperparameter, such as <c>learningRate</c>.</param>
    /// <param name="values">At least one value, as invariant text (<c>3e-3</c>, <c>Cosine</c>).</param>
    /// <returns>The hyperparameter.</returns>
    /// <exception cref="ArgumentException">The name is unknown, there are no values, or a value is invalid.</exception>
    public static Hyperparameter Choice(string name, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException($"Give {name} at least one value to try.", nameof(values));
        }

        return new(name, [.. values.Select(v => v.Trim())], double.NaN, double.NaN, logarithmic: false);
    }

    /// <summary>A list of numeric values to try.</summary>
    /// <param name="name">A recipe hyperparameter, such as <c>weightDecay</c>.</param>
    /// <param name="values">At least one value.</param>
    /// <returns>The hyperparameter.</returns>
    public static Hyperparameter Choice(string name, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Choice(name, values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>A continuous range sampled uniformly (random search only).</summary>
    /// <param name="name">A numeric recipe hyperparameter, such as <c>labelSmoothing</c>.</param>
    /// <param name="minimum">The lower end.</param>
    /// <param name="maximum">The upper end, above <paramref name="minimum"/>.</param>
    /// <returns>The hyperparameter.</returns>
    public static Hyperparameter Uniform(string name, double minimum, double maximum)
    {
        CheckRange(minimum, maximum);
        return new(name, [], minimum, maximum, logarithmic: false);
    }

    /// <summary>A continuous range sampled uniformly in its logarithm (random search only), for rates and penalties.</summary>
    /// <param name="name">A numeric recipe hyperparameter, such as <c>learningRate</c>.</param>
    /// <param name="minimum">The lower end, positive.</param>
    /// <param name="maximum">The upper end, above <paramref name="minimum"/>.</param>
    /// <returns>The hyperparameter.</returns>
    public static Hyperparameter LogUniform(string name, double minimum, double maximum)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimum);
        CheckRange(minimum, maximum);
        return new(name, [], minimum, maximum, logarithmic: true);
    }

    /// <summary>Draws one value: a list element, or a point of the range.</summary>
    internal string Sample(Random random)
    {
        if (!IsRange)
        {
            return Values[random.Next(Values.Count)];
        }

        var u = random.NextDouble();
        var value = IsLogarithmic
            ? Math.Exp(Math.Log(Minimum) + (u * (Math.Log(Maximum) - Math.Log(Minimum))))
            : Minimum + (u * (Maximum - Minimum));
        return recipeHyperparameter.Kind == RecipeHyperparameterKind.Integer
            ? ((int)Math.Round(value)).ToString(CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public override string ToString() => IsRange
        ? string.Create(CultureInfo.InvariantCulture, $"{Name}={(IsLogarithmic ? "log" : string.Empty)}[{Minimum:G4}, {Maximum:G4}]")
        : $"{Name}={string.Join(",", Values)}";

    private static void CheckRange(double minimum, double maximum)
    {
        if (!double.IsFinite(minimum) || !double.IsFinite(maximum) || maximum <= minimum)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A range needs finite ends with minimum < maximum, not [{minimum}, {maximum}]."));
        }
    }
}
