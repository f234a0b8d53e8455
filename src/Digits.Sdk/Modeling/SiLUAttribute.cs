namespace Digits.Sdk.Modeling;

/// <summary>The sigmoid linear unit (swish) <c>x·σ(x)</c>, element-wise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SiLUAttribute : LayerAttribute
{
}
