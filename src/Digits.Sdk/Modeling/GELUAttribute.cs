namespace Digits.Sdk.Modeling;

/// <summary>The Gaussian error linear unit <c>x·Φ(x)</c>, element-wise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GELUAttribute : LayerAttribute
{
}
