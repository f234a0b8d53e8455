namespace Digits.Sdk.Modeling;

/// <summary>A 2-D convolution over <c>[C, H, W]</c> samples. Its input channels are inferred.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : LayerAttribute
{
    /// <summary>Creates a 2-D convolution.</summary>
    /// <param name="outChannels">The number of output channels (filters).</param>
    public Conv2dAttribute(int outChannels) => OutChannels = outChannels;

    /// <summary>The number of output channels (filters).</summary>
    public int OutChannels { get; }

    /// <summary>The side of a square kernel. Required unless both <see cref="KernelHeight"/> and <see cref="KernelWidth"/> are set.</summary>
    public int Kernel { get; set; }

    /// <summary>The kernel height, for a rectangular kernel; overrides <see cref="Kernel"/>.</summary>
    public int KernelHeight { get; set; }

    /// <summary>The kernel width, for a rectangular kernel; overrides <see cref="Kernel"/>.</summary>
    public int KernelWidth { get; set; }

    /// <summary>The step between kernel applications, in both directions. Defaults to 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on each side, in both directions. Defaults to 0.</summary>
    public int Padding { get; set; }

    /// <summary>The spacing between kernel elements. Defaults to 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>The number of blocked connections from input to output channels; must divide both. Defaults to 1.</summary>
    public int Groups { get; set; } = 1;

    /// <summary>Whether the layer learns an additive bias. Defaults to <see langword="true"/>.</summary>
    public bool Bias { get; set; } = true;
}
