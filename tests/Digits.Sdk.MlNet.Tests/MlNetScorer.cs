using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace Digits.Sdk.MlNet.Tests;

/// <summary>
/// Scores images with a Digits.Sdk ONNX file through ML.NET alone (<c>ApplyOnnxModel</c>), as the section "Using
/// the model from ML.NET" in docs/articles/onnx.md shows an ML.NET user doing it.
/// </summary>
internal static class MlNetScorer
{
    /// <summary>The probabilities the model gives each image, one row per image, in label order.</summary>
    /// <param name="modelPath">The exported <c>.onnx</c> file.</param>
    /// <param name="images">Images as stored: bytes, 0 = background, 255 = ink.</param>
    public static float[][] Probabilities(string modelPath, IReadOnlyList<byte[]> images)
    {
        var input = ModelInput.Read(modelPath);
        var ml = new MLContext(seed: 0);

        // The input column's size is the model's, from its metadata: ApplyOnnxModel needs a vector of known size.
        var schema = SchemaDefinition.Create(typeof(DigitPixels));
        schema["input"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, input.Shape);
        var data = ml.Data.LoadFromEnumerable(images.Select(image => new DigitPixels { Input = input.Normalize(image) }), schema);

        // ML.NET scores one row at a time: the symbolic batch dimension N is 1 for it.
        var pipeline = ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            OutputColumns = ["probabilities"],
            InputColumns = ["input"],
            ModelFile = modelPath,
            ShapeDictionary = new Dictionary<string, int[]> { ["input"] = [1, .. input.Shape] },
        });
        using var model = pipeline.Fit(data);
        return [.. ml.Data.CreateEnumerable<DigitScores>(model.Transform(data), reuseRowObject: false).Select(row => row.Probabilities)];
    }

    /// <summary>A row of the input data view: one normalised image in the model's <c>input</c> column.</summary>
    private sealed class DigitPixels
    {
        [ColumnName("input")]
        public float[] Input { get; set; } = [];
    }

    /// <summary>A row of the scored data view: the model's <c>probabilities</c> output for one image.</summary>
    private sealed class DigitScores
    {
        [ColumnName("probabilities")]
        public float[] Probabilities { get; set; } = [];
    }
}
