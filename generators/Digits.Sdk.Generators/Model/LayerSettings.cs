namespace Digits.Sdk.Generators.Model;

/// <summary>
/// The arguments of one layer: what the user wrote (with the attribute's defaults) plus, after shape
/// inference, <see cref="InputSize"/>. Each kind reads only the settings that apply to it.
/// </summary>
internal sealed record LayerSettings
{
    /// <summary>Input features or channels, inferred; 0 until shape inference has run.</summary>
    public int InputSize { get; init; }

    /// <summary>Linear out features, Conv2d out channels, RandomFourierFeatures dimensions.</summary>
    public int OutputSize { get; init; }

    public int KernelHeight { get; init; }

    public int KernelWidth { get; init; }

    public int Stride { get; init; } = 1;

    public int Padding { get; init; }

    public int Dilation { get; init; } = 1;

    public int Groups { get; init; } = 1;

    public bool Bias { get; init; } = true;

    /// <summary>AdaptiveAvgPool2d output height.</summary>
    public int OutputHeight { get; init; }

    /// <summary>AdaptiveAvgPool2d output width.</summary>
    public int OutputWidth { get; init; }

    /// <summary>Dropout probability.</summary>
    public double Probability { get; init; }

    public double NegativeSlope { get; init; }

    public double Epsilon { get; init; }

    public double Momentum { get; init; }

    public double Gamma { get; init; }

    public int Seed { get; init; }
}
