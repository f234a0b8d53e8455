using System.Text.Json;

namespace Digits.Sdk.Inference;

/// <summary>Reads and checks the <see cref="ModelMetadataKeys"/> of a model file.</summary>
internal static class ModelMetadataReader
{
    /// <summary>Parses the custom metadata ONNX Runtime read from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The model was not exported by Digits.Sdk or its metadata is malformed.</exception>
    public static ClassifierMetadata Read(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(ModelMetadataKeys.Producer, out var producer) || producer != ModelMetadataKeys.ProducerName)
        {
            throw new InvalidDataException(
                $"'{path}' is an ONNX model, but not one exported by Digits.Sdk: its metadata has no '{ModelMetadataKeys.Producer}' = "
                + $"'{ModelMetadataKeys.ProducerName}', so its classes and input normalisation are unknown. Export the network with ExportOnnx.");
        }

        var shape = Json<int[]>(metadata, ModelMetadataKeys.InputShape, path);
        var channels = shape.Length == 3 ? shape[0] : 1;
        var result = new ClassifierMetadata(
            NetworkName: Text(metadata, ModelMetadataKeys.Network, path),
            ProducerVersion: Text(metadata, ModelMetadataKeys.ProducerVersion, path),
            ArchitectureHash: Text(metadata, ModelMetadataKeys.ArchitectureHash, path),
            ClassNames: Json<string[]>(metadata, ModelMetadataKeys.ClassNames, path),
            InputLayout: Text(metadata, ModelMetadataKeys.InputLayout, path),
            InputShape: shape,
            NormalizationMean: Json<float[]>(metadata, ModelMetadataKeys.InputMean, path),
            NormalizationStandardDeviation: Json<float[]>(metadata, ModelMetadataKeys.InputStandardDeviation, path));

        if (shape.Length is not (1 or 3) || shape.Any(d => d <= 0)
            || result.NormalizationMean.Count != channels || result.NormalizationStandardDeviation.Count != channels
            || result.NormalizationStandardDeviation.Any(std => !(std > 0)) || result.ClassNames.Count == 0)
        {
            throw new InvalidDataException(
                $"'{path}' has inconsistent Digits.Sdk metadata: input shape [{string.Join(", ", shape)}], "
                + $"{result.NormalizationMean.Count} mean and {result.NormalizationStandardDeviation.Count} standard deviation values, "
                + $"{result.ClassNames.Count} class names.");
        }

        return result;
    }

    private static string Text(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        metadata.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"'{path}' was exported by Digits.Sdk but its metadata lacks '{key}'.");

    private static T Json<T>(IReadOnlyDictionary<string, string> metadata, string key, string path)
        where T : class
    {
        var text = Text(metadata, key, path);
        try
        {
            return JsonSerializer.Deserialize<T>(text) ?? throw new JsonException("null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{path}' has a malformed '{key}' in its metadata: '{text}'.", error);
        }
    }
}
