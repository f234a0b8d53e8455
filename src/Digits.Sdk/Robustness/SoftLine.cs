namespace Digits.Sdk.Robustness;

/// <summary>
/// The soft straight stroke MNIST-C draws its lines with: full white on the line, fading with the vertical distance
/// <c>d</c> from it as <c>1 + ln(1 − d / 2.3)</c> (gone beyond about 1.45 pixels), between the columns of its two ends.
/// </summary>
internal static class SoftLine
{
    /// <summary>The distance, in MNIST pixels, at which the profile's logarithm would fall to minus infinity.</summary>
    private const double Reach = 2.3;

    /// <summary>Adds the stroke from (<paramref name="fromX"/>, <paramref name="fromY"/>) to (<paramref name="toX"/>, <paramref name="toY"/>) into <paramref name="layer"/>, clipped at 1.</summary>
    /// <remarks>The stroke covers columns floor(fromX) to ceil(toX) − 1; a vertical stroke (equal columns) draws nothing, as in MNIST-C.</remarks>
    public static void Add(float[] layer, ImageGeometry geometry, double fromX, double fromY, double toX, double toY)
    {
        if (toX < fromX)
        {
            (fromX, fromY, toX, toY) = (toX, toY, fromX, fromY);
        }

        if (toX == fromX)
        {
            return;
        }

        var reach = geometry.Scaled(Reach);
        var slope = (toY - fromY) / (toX - fromX);
        var first = Math.Max(0, (int)Math.Floor(fromX));
        var last = Math.Min(geometry.Width, (int)Math.Ceiling(toX));
        for (var x = first; x < last; x++)
        {
            var centre = fromY + (slope * (x - fromX));
            for (var y = 0; y < geometry.Height; y++)
            {
                var distance = Math.Abs(y - centre);
                if (distance >= reach)
                {
                    continue;
                }

                var value = 1 + Math.Log(1 - (distance / reach));
                if (value > 0)
                {
                    var at = (y * geometry.Width) + x;
                    layer[at] = (float)Math.Min(layer[at] + value, 1);
                }
            }
        }
    }
}
