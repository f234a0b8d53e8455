namespace Digits.Sdk.Modeling;

/// <summary>The logistic sigmoid <c>1 / (1 + e^-x)</c>, element-wise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SigmoidAttribute : LayerAttribute
{
}
