namespace Digits.Sdk.Modeling;

/// <summary>
/// The base of every layer attribute. Layer attributes on a <see cref="NetworkAttribute"/> class are the
/// network's layers in forward order: attribute lists top to bottom, attributes in a list left to right.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    /// <summary>Only the SDK defines layer kinds: the generator knows how to build each one.</summary>
    private protected LayerAttribute()
    {
    }
}
