using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Digits.Sdk.MlNet.Tests;

/// <summary>
/// What a Digits.Sdk ONNX file says its input must be, read as a client outside the SDK reads it: with ONNX
/// Runtime's own metadata API and the key names docs/articles/onnx.md publishes.
/// </summary>
/// <remarks>
/// The keys are spelled here rather than taken from the SDK on purpose: this is a second client, which knows only
/// the published contract. If the exporter renamed a key, this should fail as every other client would.
/// </remarks>
/// <param name="Shape">One sample without the batch dimension, e.g. <c>[1, 28, 28]</c>.</param>
/// <param name="Mean">Per channel, subtracted from intensities in [0, 1].</param>
/// <param name="StandardDeviation">Per channel, divides the centred intensities.</param>
internal sealed record ModelInput(int[] Shape, float[] Mean, float[] StandardDeviation)
{
    /// <summary>Reads the input contract from the model file's <c>metadata_props</c>.</summary>
    public static ModelInput Read(string modelPath)
    {
        using var session = new InferenceSession(modelPath);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        return new ModelInput(
            Json<int[]>(metadata, "digits.input_shape"),
            Json<float[]>(metadata, "digits.input_mean"),
            Json<float[]>(metadata, "digits.input_std"));
    }

    /// <summary>The number of values in one sample: channels × height × width.</summary>
    public int SampleSize => Shape.Aggregate(1, (product, d) => product * d);

    /// <summary>Turns an image's bytes (0 = background, 255 = ink, channel-major) into the network's input.</summary>
    public float[] Normalize(byte[] pixels)
    {
        var perChannel = SampleSize / Mean.Length;
        return [.. pixels.Select((p, i) => ((p / 255f) - Mean[i / perChannel]) / StandardDeviation[i / perChannel])];
    }

    private static T Json<T>(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value)
            ? JsonSerializer.Deserialize<T>(value) ?? throw new InvalidDataException($"The model's '{key}' is null.")
            : throw new InvalidDataException($"The model has no '{key}' metadata; was it exported by Digits.Sdk?");
}
