namespace Digits.Sdk.Modeling;

/// <summary>A fully connected layer <c>y = xWᵀ + b</c>. Its input features are inferred; the input must be a vector per sample (put <see cref="FlattenAttribute"/> before it after convolutions).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LinearAttribute : LayerAttribute
{
    /// <summary>Creates a fully connected layer.</summary>
    /// <param name="outFeatures">The number of output features.</param>
    public LinearAttribute(int outFeatures) => OutFeatures = outFeatures;

    /// <summary>The number of output features.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer learns an additive bias. Defaults to <see langword="true"/>.</summary>
    public bool Bias { get; set; } = true;
}
