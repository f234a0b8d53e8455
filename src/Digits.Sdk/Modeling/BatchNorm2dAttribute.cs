namespace Digits.Sdk.Modeling;

/// <summary>Batch normalisation of <c>[C, H, W]</c> samples, with a learnable scale and shift per channel. Its channel count is inferred.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNorm2dAttribute : LayerAttribute
{
    /// <summary>Added to the variance for numerical stability. Defaults to 1e-5.</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>The weight of the newest batch in the running statistics. Defaults to 0.1.</summary>
    public double Momentum { get; set; } = 0.1;
}
