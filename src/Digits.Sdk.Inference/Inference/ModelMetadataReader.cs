using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Digits.Sdk.Contract;

namespace Digits.Sdk.Inference;

/// <summary>Reads and checks the metadata of a model file (the keys of <see cref="OnnxModelContract"/>).</summary>
internal static class ModelMetadataReader
{
    /// <summary>Parses the custom metadata ONNX Runtime read from the model <paramref name="source"/> names.</summary>
    /// <param name="metadata">The model's <c>metadata_props</c>.</param>
    /// <param name="source">How messages name the model: a quoted path (<c>'mnist.onnx'</c>) or a description.</param>
    /// <exception cref="InvalidDataException">The model was not exported by Digits.Sdk or its metadata is malformed.</exception>
    public static ClassifierMetadata Read(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(OnnxModelContract.ProducerKey, out var producer) || producer != OnnxModelContract.ProducerName)
        {
            throw new InvalidDataException(
                $"{source} is an ONNX model, but not one exported by Digits.Sdk: its metadata has no '{OnnxModelContract.ProducerKey}' = "
                + $"'{OnnxModelContract.ProducerName}', so its classes and input normalisation are unknown. Export the network with ExportOnnx.");
        }

        var shape = Json<int[]>(metadata, OnnxModelContract.InputShapeKey, source);
        var channels = shape.Length == 3 ? shape[0] : 1;
        var result = new ClassifierMetadata(
            NetworkName: Text(metadata, OnnxModelContract.NetworkKey, source),
            ProducerVersion: Text(metadata, OnnxModelContract.ProducerVersionKey, source),
            ArchitectureHash: Text(metadata, OnnxModelContract.ArchitectureHashKey, source),
            ClassNames: Json<string[]>(metadata, OnnxModelContract.ClassNamesKey, source),
            InputLayout: Text(metadata, OnnxModelContract.InputLayoutKey, source),
            InputShape: shape,
            NormalizationMean: Json<float[]>(metadata, OnnxModelContract.InputMeanKey, source),
            NormalizationStandardDeviation: Json<float[]>(metadata, OnnxModelContract.InputStandardDeviationKey, source),
            Dataset: metadata.GetValueOrDefault(OnnxModelContract.DatasetKey),
            Preprocessing: Preprocessing(metadata, source),
            WeightsDigest: WeightsDigest(metadata, source),
            Temperature: Temperature(metadata, source),
            NotADigitBelow: NotADigitBelow(metadata, source));

        if (shape.Length is not (1 or 3) || shape.Any(d => d <= 0) || shape.Aggregate(1.0, (product, d) => product * d) > int.MaxValue
            || result.NormalizationMean.Count != channels || result.NormalizationStandardDeviation.Count != channels
            || result.NormalizationStandardDeviation.Any(std => !(std > 0) || !float.IsFinite(std))
            || result.NormalizationMean.Any(mean => !float.IsFinite(mean))
            || result.ClassNames.Count == 0 || result.ClassNames.Any(name => name is null))
        {
            throw new InvalidDataException(
                $"{source} has inconsistent Digits.Sdk metadata: input shape [{string.Join(", ", shape)}], "
                + $"mean [{string.Join(", ", result.NormalizationMean)}], standard deviation [{string.Join(", ", result.NormalizationStandardDeviation)}] "
                + $"(one finite value per channel, deviations positive), {result.ClassNames.Count} class names"
                + (result.ClassNames.Any(name => name is null) ? ", some of them null." : "."));
        }

        return result;
    }

    /// <summary>The preprocessing the model asks for; models from before the key existed always had the digit one.</summary>
    private static ImagePreprocessing Preprocessing(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(OnnxModelContract.PreprocessingKey, out var name))
        {
            return OnnxModelContract.PreprocessingOfOlderModels;
        }

        return OnnxModelContract.TryParsePreprocessing(name, out var preprocessing)
            ? preprocessing
            : throw new InvalidDataException(
                $"{source} asks for preprocessing '{name}', which this version of Digits.Sdk does not know (it knows "
                + $"'{OnnxModelContract.DigitPreprocessing}' and '{OnnxModelContract.NoPreprocessing}'); it may come from a newer version.");
    }

    /// <summary>The temperature the graph divides by, 1 when the model records none (exported uncalibrated or before calibration existed).</summary>
    private static double Temperature(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(OnnxModelContract.TemperatureKey, out var text))
        {
            return 1;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var temperature) && temperature > 0 && double.IsFinite(temperature)
            ? temperature
            : throw new InvalidDataException($"{source} has a malformed '{OnnxModelContract.TemperatureKey}' in its metadata: '{text}' is not a positive number.");
    }

    /// <summary>The model's not-a-digit threshold, if it has one: a confidence in [0, 1].</summary>
    private static double? NotADigitBelow(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(OnnxModelContract.NotADigitBelowKey, out var text))
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var threshold) && threshold is >= 0 and <= 1
            ? threshold
            : throw new InvalidDataException($"{source} has a malformed '{OnnxModelContract.NotADigitBelowKey}' in its metadata: '{text}' is not a confidence between 0 and 1.");
    }

    /// <summary>The digest of the weights, if the model recorded one (models exported before the key existed did not).</summary>
    private static string? WeightsDigest(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(OnnxModelContract.WeightsDigestKey, out var digest))
        {
            return null;
        }

        // SHA-256 in hexadecimal: anything else is damage to the metadata, which must not pass for a model without one.
        return digest.Length == 64 && digest.All(char.IsAsciiHexDigit)
            ? digest.ToLowerInvariant()
            : throw new InvalidDataException(
                $"{source} has a malformed '{OnnxModelContract.WeightsDigestKey}' in its metadata: '{digest}' is not a SHA-256 in hexadecimal (64 digits), so its weights cannot be checked.");
    }

    private static string Text(IReadOnlyDictionary<string, string> metadata, string key, string source) =>
        metadata.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"{source} was exported by Digits.Sdk but its metadata lacks '{key}'.");

    private static T Json<T>(IReadOnlyDictionary<string, string> metadata, string key, string source)
        where T : class
    {
        var text = Text(metadata, key, source);
        try
        {
            var type = (JsonTypeInfo<T>)MetadataJsonContext.Default.GetTypeInfo(typeof(T))!;
            return JsonSerializer.Deserialize(text, type) ?? throw new JsonException("null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{source} has a malformed '{key}' in its metadata: '{text}'.", error);
        }
    }
}
