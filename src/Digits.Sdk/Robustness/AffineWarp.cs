namespace Digits.Sdk.Robustness;

/// <summary>
/// Resamples an image through an affine map with bilinear interpolation, the way scikit-image's <c>warp</c>
/// (which MNIST-C used) does: the map takes each output pixel to the input point it reads, and the input reads as
/// black beyond its border.
/// </summary>
/// <remarks>
/// Coordinates are (x = column, y = row) in pixels. The map is <c>input = M · (output − centre) + centre + shift</c>,
/// so a corruption states its transform about the image centre, as the paper's do.
/// </remarks>
internal static class AffineWarp
{
    /// <summary>The image seen through the inverse map <c>[[xx, xy], [yx, yy]]</c> about the centre, then shifted by (<paramref name="shiftX"/>, <paramref name="shiftY"/>).</summary>
    public static float[] Warp(ReadOnlySpan<float> image, ImageGeometry geometry, double xx, double xy, double yx, double yy, double shiftX = 0, double shiftY = 0)
    {
        var (height, width) = (geometry.Height, geometry.Width);
        var (cx, cy) = (geometry.CentreX, geometry.CentreY);
        var output = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = x - cx;
                var dy = y - cy;
                var sourceX = (xx * dx) + (xy * dy) + cx + shiftX;
                var sourceY = (yx * dx) + (yy * dy) + cy + shiftY;
                output[(y * width) + x] = Sample(image, geometry, sourceX, sourceY);
            }
        }

        return output;
    }

    private static float Sample(ReadOnlySpan<float> image, ImageGeometry geometry, double x, double y)
    {
        var left = (int)Math.Floor(x);
        var top = (int)Math.Floor(y);
        var fx = x - left;
        var fy = y - top;
        var upper = ((1 - fx) * Pixel(image, geometry, left, top)) + (fx * Pixel(image, geometry, left + 1, top));
        var lower = ((1 - fx) * Pixel(image, geometry, left, top + 1)) + (fx * Pixel(image, geometry, left + 1, top + 1));
        return (float)(((1 - fy) * upper) + (fy * lower));
    }

    private static float Pixel(ReadOnlySpan<float> image, ImageGeometry geometry, int x, int y)
        => (uint)x < (uint)geometry.Width && (uint)y < (uint)geometry.Height ? image[(y * geometry.Width) + x] : 0f;
}
