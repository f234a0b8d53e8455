namespace Digits.Sdk.Modeling;

/// <summary>A layer that flattens each sample to a vector: <c>[C, H, W]</c> becomes <c>[C·H·W]</c>. Needed between convolutional and linear layers.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}
