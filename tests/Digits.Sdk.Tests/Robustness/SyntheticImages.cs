namespace Digits.Sdk.Tests.Robustness;

/// <summary>Small images with known answers for the corruption tests, ink bright (255) on black as in MNIST.</summary>
internal static class SyntheticImages
{
    /// <summary>A <paramref name="side"/>-pixel square image of one grey.</summary>
    public static byte[] Uniform(byte value, int side = 28) => Enumerable.Repeat(value, side * side).ToArray();

    /// <summary>A filled white square over rows and columns <paramref name="from"/> to <paramref name="to"/> − 1 of a black 28 × 28 image.</summary>
    public static byte[] Square(int from = 8, int to = 20, int side = 28)
    {
        var image = new byte[side * side];
        for (var y = from; y < to; y++)
        {
            for (var x = from; x < to; x++)
            {
                image[(y * side) + x] = 255;
            }
        }

        return image;
    }

    /// <summary>A horizontal ramp: column x holds 9x, so every column has its own grey.</summary>
    public static byte[] Ramp(int side = 28)
    {
        var image = new byte[side * side];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                image[(y * side) + x] = (byte)(9 * x);
            }
        }

        return image;
    }

    /// <summary>One white pixel at (<paramref name="x"/>, <paramref name="y"/>) on black.</summary>
    public static byte[] Dot(int x, int y, int side = 28)
    {
        var image = new byte[side * side];
        image[(y * side) + x] = 255;
        return image;
    }

    /// <summary>The lit pixels (above <paramref name="threshold"/>) as (x, y, value).</summary>
    public static List<(int X, int Y, byte Value)> Lit(byte[] image, int threshold = 0, int side = 28)
    {
        var lit = new List<(int, int, byte)>();
        for (var i = 0; i < image.Length; i++)
        {
            if (image[i] > threshold)
            {
                lit.Add((i % side, i / side, image[i]));
            }
        }

        return lit;
    }
}
