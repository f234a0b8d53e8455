namespace Digits.Sdk.Modeling;

/// <summary>The leaky rectified linear unit: <c>x</c> for positive inputs, <c>NegativeSlope·x</c> otherwise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LeakyReLUAttribute : LayerAttribute
{
    /// <summary>The slope for negative inputs. Defaults to 0.01.</summary>
    public double NegativeSlope { get; set; } = 0.01;
}
