namespace Digits.Sdk.Modeling;

/// <summary>Element-wise dropout: while training, zeroes each element with probability <see cref="Probability"/> and scales the rest by <c>1/(1-p)</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    /// <summary>Creates a dropout layer.</summary>
    /// <param name="probability">The probability of zeroing an element, in [0, 1).</param>
    public DropoutAttribute(double probability = 0.5) => Probability = probability;

    /// <summary>The probability of zeroing an element, in [0, 1).</summary>
    public double Probability { get; }
}
