using System.Text;
using System.Text.Json;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// The JSON of a trial's columns: its hyperparameter values and recipe (name to invariant text) and its per-epoch
/// history. Numbers that are not finite are written as null, which JSON has instead of NaN.
/// </summary>
internal static class StudyJson
{
    public static string WriteValues(IEnumerable<KeyValuePair<string, string>> values)
        => Write(json =>
        {
            json.WriteStartObject();
            foreach (var (name, value) in values)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        });

    public static Dictionary<string, string> ReadValues(string text)
    {
        using var document = JsonDocument.Parse(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.GetString() ?? throw new JsonException($"'{property.Name}' has no value.");
        }

        return values;
    }

    public static string WriteRecipe(TrainingRecipe recipe)
        => WriteValues(TrainingRecipe.HyperparameterNames.Select(name => KeyValuePair.Create(name, recipe.Get(name))));

    public static TrainingRecipe ReadRecipe(string text)
        => ReadValues(text).Aggregate(new TrainingRecipe(), (recipe, value) => recipe.With(value.Key, value.Value));

    public static string WriteHistory(IEnumerable<EpochMetrics> history)
        => Write(json =>
        {
            json.WriteStartArray();
            foreach (var epoch in history)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", epoch.Epoch);
                Number(json, "trainLoss", epoch.TrainLoss);
                Number(json, "trainAccuracy", epoch.TrainAccuracy);
                Number(json, "validationLoss", epoch.ValidationLoss);
                Number(json, "validationAccuracy", epoch.ValidationAccuracy);
                Number(json, "learningRate", epoch.LearningRate);
                Number(json, "seconds", epoch.Duration.TotalSeconds);
                Number(json, "imagesPerSecond", epoch.ImagesPerSecond);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

    public static IReadOnlyList<EpochMetrics> ReadHistory(string text)
    {
        using var document = JsonDocument.Parse(text);
        return
        [
            .. document.RootElement.EnumerateArray().Select(e => new EpochMetrics(
                e.GetProperty("epoch").GetInt32(),
                Number(e, "trainLoss") ?? double.NaN,
                Number(e, "trainAccuracy") ?? double.NaN,
                Number(e, "validationLoss"),
                Number(e, "validationAccuracy"),
                Number(e, "learningRate") ?? double.NaN,
                TimeSpan.FromSeconds(Number(e, "seconds") ?? 0),
                Number(e, "imagesPerSecond") ?? double.NaN)),
        ];
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double? Number(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
