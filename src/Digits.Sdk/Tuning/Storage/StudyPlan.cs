using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// What a study is: everything that decides its trials and their scores. The first worker stores it; every later
/// worker must bring the same, or its trials would not be comparable (<see cref="Differences"/>).
/// </summary>
/// <remarks>
/// Stored as canonical JSON in <c>digits_studies.plan</c>. What a worker may choose for itself (threads, lease,
/// machine) is not part of it.
/// </remarks>
internal sealed record StudyPlan
{
    /// <summary>How much of a rung successive halving promotes: the best third, as the in-memory <see cref="Tuner"/>.</summary>
    public const int Eta = 3;

    public required string Network { get; init; }

    /// <summary>The network's architecture hash, so workers with another definition of the same name are refused.</summary>
    public required string Architecture { get; init; }

    public required SearchStrategy Strategy { get; init; }

    public required int Seed { get; init; }

    public required IReadOnlyList<Hyperparameter> Space { get; init; }

    /// <summary>Random draws, or successive halving's starting configurations; 0 for a grid.</summary>
    public required int Trials { get; init; }

    /// <summary>The epochs of successive halving's first rung.</summary>
    public required int MinimumEpochs { get; init; }

    /// <summary>The recipe the trials change, every hyperparameter by name.</summary>
    public required TrainingRecipe Recipe { get; init; }

    public required StudyData Data { get; init; }

    /// <summary>
    /// The rungs of successive halving (epochs and configurations each), as the in-memory search plans its rounds:
    /// a third as many configurations with three times the epochs, until one is left or the recipe's epochs are
    /// reached. One rung for grid and random search.
    /// </summary>
    public IReadOnlyList<(int Epochs, int Count)> Rungs(int configurations)
    {
        if (Strategy != SearchStrategy.SuccessiveHalving)
        {
            return [(Recipe.Epochs, configurations)];
        }

        var rungs = new List<(int, int)>();
        for (int n = configurations, e = Math.Min(MinimumEpochs, Recipe.Epochs); ; n = Math.Max(1, n / Eta), e = Math.Min(Recipe.Epochs, e * Eta))
        {
            rungs.Add((e, n));
            if (n == 1 || e == Recipe.Epochs)
            {
                return rungs;
            }
        }
    }

    /// <summary>The recipe one trial trains with: the study's, its seed, the trial's epochs and values.</summary>
    public TrainingRecipe RecipeFor(int epochs, IReadOnlyDictionary<string, string> values)
    {
        var recipe = Recipe with { Seed = Seed, Epochs = epochs };
        foreach (var (name, value) in values)
        {
            recipe = recipe.With(name, value);
        }

        return recipe;
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("network", Network);
            json.WriteString("architecture", Architecture);
            json.WriteString("strategy", StrategyName(Strategy));
            json.WriteNumber("seed", Seed);
            json.WriteStartArray("space");
            foreach (var dimension in Space)
            {
                json.WriteStartObject();
                json.WriteString("name", dimension.Name);
                if (dimension.IsRange)
                {
                    json.WriteNumber("minimum", dimension.Minimum);
                    json.WriteNumber("maximum", dimension.Maximum);
                    json.WriteBoolean("logarithmic", dimension.IsLogarithmic);
                }
                else
                {
                    json.WriteStartArray("values");
                    foreach (var value in dimension.Values)
                    {
                        json.WriteStringValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("trials", Trials);
            json.WriteNumber("minimumEpochs", MinimumEpochs);
            json.WriteNumber("eta", Eta);
            json.WriteStartObject("recipe");
            foreach (var name in TrainingRecipe.HyperparameterNames)
            {
                json.WriteString(name, Recipe.Get(name));
            }

            json.WriteEndObject();
            json.WriteStartObject("data");
            json.WriteString("dataset", Data.Dataset);
            json.WriteNumber("classes", Data.Classes);
            json.WriteNumber("train", Data.Train);
            json.WriteNumber("validation", Data.Validation);
            json.WriteString("labels", Data.LabelsHash);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a stored plan.</summary>
    /// <exception cref="InvalidDataException">The text is not a plan this SDK wrote.</exception>
    public static StudyPlan FromJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var recipe = new TrainingRecipe();
            foreach (var property in root.GetProperty("recipe").EnumerateObject())
            {
                recipe = recipe.With(property.Name, property.Value.GetString()!);
            }

            var data = root.GetProperty("data");
            return new StudyPlan
            {
                Network = root.GetProperty("network").GetString()!,
                Architecture = root.GetProperty("architecture").GetString()!,
                Strategy = ParseStrategy(root.GetProperty("strategy").GetString()!),
                Seed = root.GetProperty("seed").GetInt32(),
                Space = [.. root.GetProperty("space").EnumerateArray().Select(ReadDimension)],
                Trials = root.GetProperty("trials").GetInt32(),
                MinimumEpochs = root.GetProperty("minimumEpochs").GetInt32(),
                Recipe = recipe,
                Data = new StudyData(
                    data.GetProperty("dataset").GetString()!,
                    data.GetProperty("classes").GetInt32(),
                    data.GetProperty("train").GetInt32(),
                    data.GetProperty("validation").GetInt32(),
                    data.GetProperty("labels").GetString()!),
            };
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"The study's stored plan cannot be read: {error.Message}", error);
        }
    }

    /// <summary>
    /// What differs from <paramref name="other"/> (this worker's plan), each as <c>what: the study's; this worker's</c>;
    /// empty when the two would train the same trials on the same data.
    /// </summary>
    public IReadOnlyList<string> Differences(StudyPlan other)
    {
        var differences = new List<string>();
        void Compare(string what, string mine, string theirs)
        {
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                differences.Add($"{what}: {mine} in the study, {theirs} here");
            }
        }

        Compare("network", Network, other.Network);
        if (Network == other.Network)
        {
            Compare("architecture hash (another version of the network)", Architecture[..Math.Min(12, Architecture.Length)], other.Architecture[..Math.Min(12, other.Architecture.Length)]);
        }

        Compare("strategy", Strategy.ToString(), other.Strategy.ToString());
        Compare("seed", Seed.ToString(CultureInfo.InvariantCulture), other.Seed.ToString(CultureInfo.InvariantCulture));
        Compare("space", Describe(Space), Describe(other.Space));
        Compare(Strategy == SearchStrategy.SuccessiveHalving ? "configurations" : "trials", Trials.ToString(CultureInfo.InvariantCulture), other.Trials.ToString(CultureInfo.InvariantCulture));
        Compare("first rung's epochs", MinimumEpochs.ToString(CultureInfo.InvariantCulture), other.MinimumEpochs.ToString(CultureInfo.InvariantCulture));
        foreach (var name in TrainingRecipe.HyperparameterNames)
        {
            Compare("recipe " + name, Recipe.Get(name), other.Recipe.Get(name));
        }

        Compare("data", Data.ToString(), other.Data.ToString());
        if (Data.ToString() == other.Data.ToString())
        {
            Compare("labels of the split (another data set or split seed)", Data.LabelsHash[..12], other.Data.LabelsHash[..12]);
        }

        return differences;
    }

    /// <summary>A strategy's one name, as plans, the study tables and every JSON result write it (e.g. <c>successiveHalving</c>).</summary>
    public static string StrategyName(SearchStrategy strategy) => JsonNamingPolicy.CamelCase.ConvertName(strategy.ToString());

    /// <summary>The strategy <see cref="StrategyName"/> named <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">No strategy has that name.</exception>
    public static SearchStrategy ParseStrategy(string name)
    {
        foreach (var strategy in Enum.GetValues<SearchStrategy>())
        {
            if (StrategyName(strategy) == name)
            {
                return strategy;
            }
        }

        throw new FormatException($"'{name}' is not a search strategy.");
    }

    private static Hyperparameter ReadDimension(JsonElement element)
    {
        var name = element.GetProperty("name").GetString()!;
        if (element.TryGetProperty("values", out var values))
        {
            return Hyperparameter.Choice(name, [.. values.EnumerateArray().Select(v => v.GetString()!)]);
        }

        var minimum = element.GetProperty("minimum").GetDouble();
        var maximum = element.GetProperty("maximum").GetDouble();
        return element.GetProperty("logarithmic").GetBoolean() ? Hyperparameter.LogUniform(name, minimum, maximum) : Hyperparameter.Uniform(name, minimum, maximum);
    }

    private static string Describe(IReadOnlyList<Hyperparameter> space)
        => space.Count == 0 ? "(none)" : string.Join("; ", space.Select(h => h.IsRange
            ? string.Create(CultureInfo.InvariantCulture, $"{h.Name}={(h.IsLogarithmic ? "log" : string.Empty)}[{h.Minimum:R}, {h.Maximum:R}]")
            : h.ToString()));
}
