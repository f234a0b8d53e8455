namespace Digits.Sdk.Modeling;

/// <summary>Average pooling of <c>[C, H, W]</c> samples to a fixed <c>[C, Height, Width]</c>, whatever the input extent.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AdaptiveAvgPool2dAttribute : LayerAttribute
{
    /// <summary>Creates an adaptive average pooling layer with a square output.</summary>
    /// <param name="size">The output height and width.</param>
    public AdaptiveAvgPool2dAttribute(int size)
        : this(size, size)
    {
    }

    /// <summary>Creates an adaptive average pooling layer.</summary>
    /// <param name="height">The output height.</param>
    /// <param name="width">The output width.</param>
    public AdaptiveAvgPool2dAttribute(int height, int width)
    {
        Height = height;
        Width = width;
    }

    /// <summary>The output height.</summary>
    public int Height { get; }

    /// <summary>The output width.</summary>
    public int Width { get; }
}
