namespace Digits.Sdk.Modeling;

/// <summary>
/// The resolved arguments of one layer: what the user wrote plus what the generator inferred
/// (input channels and features). Only the properties that apply to a layer's
/// <see cref="LayerKind"/> are set; the others are <see langword="null"/>.
/// </summary>
public sealed record LayerArguments
{
    /// <summary>Input features (Linear, RandomFourierFeatures) or input channels (Conv2d, BatchNorm).</summary>
    public int? InputSize { get; init; }

    /// <summary>Output features (Linear), output channels (Conv2d) or dimensions (RandomFourierFeatures).</summary>
    public int? OutputSize { get; init; }

    /// <summary>Kernel height and width (Conv2d, pooling).</summary>
    public (int Height, int Width)? Kernel { get; init; }

    /// <summary>Stride in height and width (Conv2d, pooling).</summary>
    public (int Height, int Width)? Stride { get; init; }

    /// <summary>Zero padding in height and width (Conv2d, pooling).</summary>
    public (int Height, int Width)? Padding { get; init; }

    /// <summary>Dilation in height and width (Conv2d).</summary>
    public (int Height, int Width)? Dilation { get; init; }

    /// <summary>Number of blocked connections from input to output channels (Conv2d).</summary>
    public int? Groups { get; init; }

    /// <summary>Whether the layer adds a learnable bias (Linear, Conv2d).</summary>
    public bool? Bias { get; init; }

    /// <summary>Output height and width (AdaptiveAvgPool2d).</summary>
    public (int Height, int Width)? OutputExtent { get; init; }

    /// <summary>Probability of zeroing an element or channel (Dropout, Dropout2d).</summary>
    public double? Probability { get; init; }

    /// <summary>Slope for negative inputs (LeakyReLU).</summary>
    public double? NegativeSlope { get; init; }

    /// <summary>Added to the variance for numerical stability (BatchNorm).</summary>
    public double? Epsilon { get; init; }

    /// <summary>Weight of the newest batch in the running statistics (BatchNorm).</summary>
    public double? Momentum { get; init; }

    /// <summary>Kernel width parameter γ of the approximated RBF kernel <c>exp(-γ‖x−y‖²)</c> (RandomFourierFeatures).</summary>
    public double? Gamma { get; init; }

    /// <summary>Seed of the fixed random projection (RandomFourierFeatures).</summary>
    public int? Seed { get; init; }
}
