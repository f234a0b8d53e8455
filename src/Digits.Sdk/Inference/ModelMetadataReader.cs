using System.Text.Json;
using Digits.Sdk.Contract;

namespace Digits.Sdk.Inference;

/// <summary>Reads and checks the metadata of a model file (the keys of <see cref="OnnxModelContract"/>).</summary>
internal static class ModelMetadataReader
{
    /// <summary>Parses the custom metadata ONNX Runtime read from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The model was not exported by Digits.Sdk or its metadata is malformed.</exception>
    public static ClassifierMetadata Read(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(OnnxModelContract.ProducerKey, out var producer) || producer != OnnxModelContract.ProducerName)
        {
            throw new InvalidDataException(
                $"'{path}' is an ONNX model, but not one exported by Digits.Sdk: its metadata has no '{OnnxModelContract.ProducerKey}' = "
                + $"'{OnnxModelContract.ProducerName}', so its classes and input normalisation are unknown. Export the network with ExportOnnx.");
        }

        var shape = Json<int[]>(metadata, OnnxModelContract.InputShapeKey, path);
        var channels = shape.Length == 3 ? shape[0] : 1;
        var result = new ClassifierMetadata(
            NetworkName: Text(metadata, OnnxModelContract.NetworkKey, path),
            ProducerVersion: Text(metadata, OnnxModelContract.ProducerVersionKey, path),
            ArchitectureHash: Text(metadata, OnnxModelContract.ArchitectureHashKey, path),
            ClassNames: Json<string[]>(metadata, OnnxModelContract.ClassNamesKey, path),
            InputLayout: Text(metadata, OnnxModelContract.InputLayoutKey, path),
            InputShape: shape,
            NormalizationMean: Json<float[]>(metadata, OnnxModelContract.InputMeanKey, path),
            NormalizationStandardDeviation: Json<float[]>(metadata, OnnxModelContract.InputStandardDeviationKey, path),
            Dataset: metadata.GetValueOrDefault(OnnxModelContract.DatasetKey),
            Preprocessing: Preprocessing(metadata, path));

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

    /// <summary>The preprocessing the model asks for; models from before the key existed always had the digit one.</summary>
    private static ImagePreprocessing Preprocessing(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(OnnxModelContract.PreprocessingKey, out var name))
        {
            return OnnxModelContract.PreprocessingOfOlderModels;
        }

        return OnnxModelContract.TryParsePreprocessing(name, out var preprocessing)
            ? preprocessing
            : throw new InvalidDataException(
                $"'{path}' asks for preprocessing '{name}', which this version of Digits.Sdk does not know (it knows "
                + $"'{OnnxModelContract.DigitPreprocessing}' and '{OnnxModelContract.NoPreprocessing}'); it may come from a newer version.");
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
