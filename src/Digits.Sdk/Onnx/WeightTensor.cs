namespace Digits.Sdk.Onnx;

/// <summary>A parameter or buffer copied out of TorchSharp as float32 values in row-major order.</summary>
/// <param name="Shape">The tensor's dimensions.</param>
/// <param name="Values">The values, row-major.</param>
internal sealed record WeightTensor(long[] Shape, float[] Values)
{
    /// <summary>The shape as text, for error messages.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
