namespace Digits.Sdk.Modeling;

/// <summary>Random Fourier features <c>sqrt(2/D)·cos(xW + b)</c>: a fixed, non-trainable random projection whose inner products approximate the RBF kernel <c>exp(-γ‖x−y‖²)</c>, so that <c>[Flatten, RandomFourierFeatures(4096, Gamma = 0.05), Linear(10)]</c> trained with a hinge loss is an RBF-kernel SVM.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RandomFourierFeaturesAttribute : LayerAttribute
{
    /// <summary>Creates a random Fourier feature map.</summary>
    /// <param name="dimensions">The number of features D; more features approximate the kernel better.</param>
    public RandomFourierFeaturesAttribute(int dimensions) => Dimensions = dimensions;

    /// <summary>The number of features D.</summary>
    public int Dimensions { get; }

    /// <summary>The kernel width γ of <c>exp(-γ‖x−y‖²)</c>; must be positive. Defaults to 1.</summary>
    public double Gamma { get; set; } = 1.0;

    /// <summary>The seed of the random projection, so that the same declaration always draws the same features. Defaults to 0.</summary>
    public int Seed { get; set; }
}
