namespace Digits.Sdk.Modeling;

/// <summary>The rectified linear unit <c>max(0, x)</c>, element-wise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : LayerAttribute
{
}
