namespace Digits.Sdk.Robustness;

/// <summary>
/// MNIST-C's affine families: shear, scale, rotate and translate, each about the image centre and resampled
/// bilinearly with black beyond the border (see <see cref="AffineWarp"/>).
/// </summary>
internal static class GeometricCorruptions
{
    /// <summary>The shear angle at severity 2, the one MNIST-C uses, in radians.</summary>
    private const double ShearAngle = 0.4;

    /// <summary>The zoom at severity 3, the one MNIST-C uses: the digit shrinks to this share of its size.</summary>
    private const double ScaleFactor = 0.7;

    /// <summary>The rotation at severity 2, the one MNIST-C uses, in radians (about 22.9°).</summary>
    private const double RotateAngle = 0.4;

    /// <summary>The move along each axis at severity 3, the one MNIST-C uses, in MNIST pixels.</summary>
    private const double TranslatePixels = 3;

    /// <summary>
    /// scikit-image's shear of angle ±0.4 as the inverse map <c>[[1, −sin s], [0, cos s]]</c>: each row slides
    /// sideways in proportion to its height above the centre (and the rows spread by 1 / cos s, as in the paper's code).
    /// </summary>
    public static float[] Shear(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var angle = ShearAngle * random.Sign();
        return AffineWarp.Warp(image, geometry, 1, -Math.Sin(angle), 0, Math.Cos(angle));
    }

    /// <summary>Reads each output pixel from 1 / 0.7 times as far from the centre, which shrinks the digit to 70%.</summary>
    public static float[] Scale(ReadOnlySpan<float> image, ImageGeometry geometry)
        => AffineWarp.Warp(image, geometry, 1 / ScaleFactor, 0, 0, 1 / ScaleFactor);

    /// <summary>Rotates by ±0.4 radians about the centre.</summary>
    public static float[] Rotate(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var angle = RotateAngle * random.Sign();
        return AffineWarp.Warp(image, geometry, Math.Cos(angle), -Math.Sin(angle), Math.Sin(angle), Math.Cos(angle));
    }

    /// <summary>Moves the image 3 pixels left or right and 3 up or down; what leaves the image is lost, what enters is black.</summary>
    public static float[] Translate(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var moveX = geometry.ScaledPixels(TranslatePixels) * random.Sign();
        var moveY = geometry.ScaledPixels(TranslatePixels) * random.Sign();
        return AffineWarp.Warp(image, geometry, 1, 0, 0, 1, -moveX, -moveY);
    }
}
