namespace Digits.Sdk.Robustness;

/// <summary>MNIST-C's two line families, drawn in white over the image: a dotted line and a zigzag.</summary>
internal static class LineCorruptions
{
    /// <summary>The length of each dash and each gap of the dotted line, in MNIST pixels.</summary>
    private const double DashLength = 2;

    /// <summary>The zigzag's half-period along its line (a) and its amplitude across it (b), in MNIST pixels.</summary>
    private const double ZigzagLength = 2;

    private const double ZigzagWidth = 2;

    /// <summary>Where the zigzag starts and ends: this many MNIST pixels in from the left and the right edge.</summary>
    private const double ZigzagMargin = 2;

    /// <summary>The largest rise of the zigzag's line from end to end, in MNIST pixels.</summary>
    private const int ZigzagMaxRise = 5;

    /// <summary>
    /// A line from the left edge to the right edge, each end at a random row, with every other run of 2 columns
    /// left out (starting with a gap).
    /// </summary>
    public static float[] DottedLine(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var startRow = random.Integer(0, geometry.Height - 1);
        var endRow = random.Integer(0, geometry.Height - 1);
        var line = new float[image.Length];
        SoftLine.Add(line, geometry, 0, startRow, geometry.Width - 1, endRow);

        var dash = geometry.ScaledPixels(DashLength);
        for (var y = 0; y < geometry.Height; y++)
        {
            for (var x = 0; x < geometry.Width; x++)
            {
                if ((x / dash) % 2 == 0)
                {
                    line[(y * geometry.Width) + x] = 0f;
                }
            }
        }

        return Over(image, line);
    }

    /// <summary>
    /// A zigzag (a triangle wave of half-period 2 and amplitude 2 pixels) along a line from 2 pixels in from the left to
    /// 2 pixels in from the right, starting at a random row and rising or falling by up to 5 pixels.
    /// </summary>
    public static float[] Zigzag(ReadOnlySpan<float> image, ImageGeometry geometry, ref CorruptionRandom random)
    {
        var a = geometry.Scaled(ZigzagLength);
        var b = geometry.Scaled(ZigzagWidth);
        var startColumn = geometry.Scaled(ZigzagMargin);
        var endColumn = geometry.Width - 1 - geometry.Scaled(ZigzagMargin);
        var startRow = random.Integer(0, geometry.Height - 1);
        var maxRise = geometry.ScaledPixels(ZigzagMaxRise);
        var rise = random.Integer(-maxRise, maxRise);
        var angle = Math.Atan(rise / (endColumn - startColumn));
        var length = (endColumn - startColumn) / Math.Cos(angle);

        // The corners in the line's own frame (along, across): the start, the peaks and troughs, the end.
        var corners = new List<(double Along, double Across)> { (0, 0) };
        for (var i = 0; ((2 * i) + 1) * a <= length; i++)
        {
            corners.Add((((2 * i) + 1) * a, i % 2 == 0 ? b : -b));
        }

        corners.Add((length, 0));

        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var line = new float[image.Length];
        for (var i = 1; i < corners.Count; i++)
        {
            var (fromAlong, fromAcross) = corners[i - 1];
            var (toAlong, toAcross) = corners[i];
            SoftLine.Add(
                line,
                geometry,
                startColumn + (cos * fromAlong) - (sin * fromAcross),
                startRow + (sin * fromAlong) + (cos * fromAcross),
                startColumn + (cos * toAlong) - (sin * toAcross),
                startRow + (sin * toAlong) + (cos * toAcross));
        }

        return Over(image, line);
    }

    private static float[] Over(ReadOnlySpan<float> image, float[] line)
    {
        var output = new float[image.Length];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Math.Min(image[i] + line[i], 1f);
        }

        return output;
    }
}
