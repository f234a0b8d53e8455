namespace Digits.Sdk.Modeling;

/// <summary>Max pooling over <c>[C, H, W]</c> samples with a square window.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2dAttribute : LayerAttribute
{
    /// <summary>Creates a max pooling layer.</summary>
    /// <param name="kernel">The side of the square pooling window.</param>
    public MaxPool2dAttribute(int kernel) => Kernel = kernel;

    /// <summary>The side of the square pooling window.</summary>
    public int Kernel { get; }

    /// <summary>The step between windows. Defaults to <see cref="Kernel"/> (non-overlapping windows).</summary>
    public int Stride { get; set; }

    /// <summary>Padding added on each side; at most half the kernel. Defaults to 0.</summary>
    public int Padding { get; set; }
}
