namespace Digits.Sdk.Robustness;

/// <summary>
/// The size of the image a corruption works on, and the length unit that carries MNIST-C's pixel lengths (defined
/// on 28 × 28 images) to other sizes: on MNIST's own images the unit is exactly one pixel.
/// </summary>
internal readonly record struct ImageGeometry(int Height, int Width)
{
    /// <summary>The side MNIST-C's parameters are measured on.</summary>
    public const int MnistSide = 28;

    /// <summary>One MNIST pixel, in this image's pixels.</summary>
    public double Unit => Math.Min(Height, Width) / (double)MnistSide;

    /// <summary>The number of pixels.</summary>
    public int Length => Height * Width;

    /// <summary>The centre column, about which the affine corruptions turn (13.5 on MNIST).</summary>
    public double CentreX => (Width - 1) / 2.0;

    /// <summary>The centre row.</summary>
    public double CentreY => (Height - 1) / 2.0;

    /// <summary>A length of <paramref name="mnistPixels"/> MNIST pixels here.</summary>
    public double Scaled(double mnistPixels) => mnistPixels * Unit;

    /// <summary>A whole number of pixels for <paramref name="mnistPixels"/> MNIST pixels, at least <paramref name="minimum"/>.</summary>
    public int ScaledPixels(double mnistPixels, int minimum = 1) => Math.Max(minimum, (int)Math.Round(mnistPixels * Unit, MidpointRounding.AwayFromZero));
}
