namespace Digits.Sdk.Modeling;

/// <summary>Channel-wise dropout of <c>[C, H, W]</c> samples: while training, zeroes whole channels with probability <see cref="Probability"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Dropout2dAttribute : LayerAttribute
{
    /// <summary>Creates a channel dropout layer.</summary>
    /// <param name="probability">The probability of zeroing a channel, in [0, 1).</param>
    public Dropout2dAttribute(double probability = 0.5) => Probability = probability;

    /// <summary>The probability of zeroing a channel, in [0, 1).</summary>
    public double Probability { get; }
}
