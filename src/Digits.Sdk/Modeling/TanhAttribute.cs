namespace Digits.Sdk.Modeling;

/// <summary>The hyperbolic tangent, element-wise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TanhAttribute : LayerAttribute
{
}
