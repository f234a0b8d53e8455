using Digits.Sdk.Robustness;
using Digits.Sdk.Tests.TestSupport;
using static Digits.Sdk.Tests.Robustness.SyntheticImages;

namespace Digits.Sdk.Tests.Robustness;

/// <summary>Each MNIST-C family against the paper's description, on images whose answer is known.</summary>
public sealed class CorruptionFamilyTests
{
    private const int Side = 28;

    private static byte[] Digit => MnistSamples.TestSet.Images[0];

    [Fact]
    public void Shot_noise_leaves_black_black_and_turns_grey_into_poisson_counts_of_thirds()
    {
        const int side = 112;
        var grey = Uniform(128, side);

        var noisy = Corruptions.Apply(Corruption.ShotNoise, grey, side, side, seed: 3);

        Assert.All(Corruptions.Apply(Corruption.ShotNoise, Uniform(0), Side, Side, seed: 3), p => Assert.Equal(0, p));
        Assert.All(noisy, p => Assert.Contains(p, new byte[] { 0, 85, 170, 255 }));

        // The expected brightness: a Poisson count with mean 3 × 128/255, a third per photon, clipped at 3 photons.
        var mean = 3 * 128 / 255.0;
        var expected = Enumerable.Range(0, 30).Sum(k => Math.Min(k, 3) / 3.0 * Math.Exp((k * Math.Log(mean)) - mean - LogFactorial(k)));
        Assert.Equal(expected, noisy.Average(p => p / 255.0), 0.02);
    }

    [Fact]
    public void Impulse_noise_sets_seventeen_percent_of_the_pixels_to_black_or_white_in_equal_shares()
    {
        const int side = 112;
        var grey = Uniform(128, side);

        var noisy = Corruptions.Apply(Corruption.ImpulseNoise, grey, side, side, seed: 5);

        Assert.All(noisy, p => Assert.Contains(p, new byte[] { 0, 128, 255 }));
        var salt = noisy.Count(p => p == 255) / (double)noisy.Length;
        var pepper = noisy.Count(p => p == 0) / (double)noisy.Length;
        Assert.Equal(0.17, salt + pepper, 0.015);
        Assert.Equal(salt, pepper, 0.015);
    }

    [Fact]
    public void Glass_blurs_shuffle_keeps_the_exact_tones_and_moves_pixels_only_locally()
    {
        var geometry = new ImageGeometry(Side, Side);
        var ramp = Ramp().Select(p => p / 255f).ToArray();
        var shuffled = (float[])ramp.Clone();
        var random = new CorruptionRandom(2);

        BlurCorruptions.Shuffle(shuffled, geometry, delta: 1, passes: 1, ref random);

        Assert.Equal(ramp.Order(), shuffled.Order());
        var moved = Enumerable.Range(0, ramp.Length).Count(i => shuffled[i] != ramp[i]);
        Assert.InRange(moved, ramp.Length / 4, ramp.Length);

        // Each column of the ramp has its own grey, so a pixel's grey says which column it came from.
        var travel = Enumerable.Range(0, ramp.Length).Select(i => Math.Abs(MathF.Round(shuffled[i] * 255f / 9f) - (i % Side))).ToArray();
        Assert.True(travel.Average() < 1, $"Pixels travelled {travel.Average():F2} columns on average; the shuffle is local.");
        // A pixel swapped ahead of the scan can be swapped again, so a few ride several steps; none gets far.
        Assert.True(travel.Max() <= 8, $"A pixel travelled {travel.Max()} columns.");
    }

    [Fact]
    public void Glass_blur_keeps_the_ink_where_it_was_but_moves_pixels_a_plain_blur_would_not()
    {
        var digit = Digit;
        var blurred = BlurTwice(digit);

        var glass = Corruptions.Apply(Corruption.GlassBlur, digit, Side, Side, seed: 1);

        Assert.Equal(blurred.Sum(p => p), glass.Sum(p => p), tolerance: digit.Sum(p => p) * 0.03);
        var (cx, cy) = Centroid(digit);
        var (gx, gy) = Centroid(glass);
        Assert.True(Math.Abs(gx - cx) < 0.5 && Math.Abs(gy - cy) < 0.5, $"The ink's centre moved from ({cx:F2}, {cy:F2}) to ({gx:F2}, {gy:F2}).");
        var placedDifference = glass.Zip(blurred, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(placedDifference > 4, $"The glass blur is only {placedDifference:F2} levels from a plain blur on average.");
    }

    [Fact]
    public void Glass_blurs_gaussian_filter_is_scipys()
    {
        var digit = Digit;
        var unit = digit.Select(p => p / 255f).ToArray();

        var ours = GaussianFilter.Blur(unit, new ImageGeometry(Side, Side), 0.7);

        var scipy = ImageLibraryOracle.Run("gaussian", digit, Side, Side, new Dictionary<string, object> { ["sigma"] = 0.7 });
        Assert.All(ours.Zip(scipy), pair => Assert.Equal(pair.Second, pair.First, 1e-5f));
    }

    [Fact]
    public void Motion_blur_smears_a_dot_along_one_ray_within_45_degrees_of_horizontal()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var smeared = Corruptions.Apply(Corruption.MotionBlur, Dot(14, 14), Side, Side, seed);

            var lit = Lit(smeared);
            var (far, _) = lit.Select(p => (p, (p.X - 14) * (p.X - 14) + ((p.Y - 14) * (p.Y - 14)))).MaxBy(t => t.Item2);
            var (dx, dy) = (far.X - 14.0, far.Y - 14.0);
            Assert.True(Math.Abs(dy) <= Math.Abs(dx), $"Seed {seed}: the smear reaches ({far.X}, {far.Y}), more than 45° from horizontal.");
            Assert.True(Math.Abs(dx) >= 5, $"Seed {seed}: the smear reaches only ({far.X}, {far.Y}).");
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            foreach (var (x, y, _) in lit)
            {
                // One-sided: every lit pixel lies on the segment from the dot to the far end, give or take rounding.
                var along = (((x - 14) * dx) + ((y - 14) * dy)) / length;
                var across = Math.Abs(((x - 14) * dy) - ((y - 14) * dx)) / length;
                Assert.True(along >= 0 && across <= 0.75, $"Seed {seed}: ({x}, {y}) is off the ray to ({far.X}, {far.Y}).");
            }

            // Near 45° two taps may round to the same pixel, so the brightest is next to the dot, not always on it.
            var brightest = lit.MaxBy(p => p.Value);
            Assert.True(Math.Abs(brightest.X - 14) <= 2 && Math.Abs(brightest.Y - 14) <= 2, $"Seed {seed}: the brightest pixel is ({brightest.X}, {brightest.Y}).");
            Assert.InRange(smeared.Sum(p => p), 247, 263);
        }
    }

    [Theory]
    [InlineData(Corruption.Shear, "shear", 0.4)]
    [InlineData(Corruption.Rotate, "rotation", 0.4)]
    public void Shear_and_rotate_move_the_ink_as_scikit_images_affine_map_either_way(Corruption corruption, string parameter, double angle)
    {
        var digit = Digit;
        var plus = ToBytes(ImageLibraryOracle.Run("warp", digit, Side, Side, new Dictionary<string, object> { [parameter] = angle }));
        var minus = ToBytes(ImageLibraryOracle.Run("warp", digit, Side, Side, new Dictionary<string, object> { [parameter] = -angle }));

        var seen = new HashSet<int>();
        for (var seed = 0; seed < 8; seed++)
        {
            var moved = Corruptions.Apply(corruption, digit, Side, Side, seed);
            var way = MaxDifference(moved, plus) <= 1 ? 1 : MaxDifference(moved, minus) <= 1 ? -1 : 0;
            Assert.True(way != 0, $"Seed {seed}: the {corruption} matches neither direction (off by {MaxDifference(moved, plus)} and {MaxDifference(moved, minus)} levels).");
            seen.Add(way);
        }

        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Scale_shrinks_the_ink_to_seventy_percent_as_scikit_images_affine_map_does()
    {
        var square = Square(4, 24);

        var scaled = Corruptions.Apply(Corruption.Scale, square, Side, Side, seed: 0);

        var expected = ToBytes(ImageLibraryOracle.Run("warp", square, Side, Side, new Dictionary<string, object> { ["scale"] = 1 / 0.7 }));
        Assert.True(MaxDifference(scaled, expected) <= 1, $"Off scikit-image's scaling by {MaxDifference(scaled, expected)} levels.");

        // The 20-pixel square becomes 14 pixels wide about the centre 13.5: full ink from 7 to 20.
        var full = Lit(scaled, 254);
        Assert.Equal((7, 20), (full.Min(p => p.X), full.Max(p => p.X)));
        Assert.Equal((7, 20), (full.Min(p => p.Y), full.Max(p => p.Y)));
    }

    [Fact]
    public void Brightness_adds_half_of_white_as_the_papers_hsv_value_shift_does()
    {
        var digit = Digit;

        var brighter = Corruptions.Apply(Corruption.Brightness, digit, Side, Side, seed: 0);

        var expected = ToBytes(ImageLibraryOracle.Run("brightness", digit, Side, Side, new Dictionary<string, object> { ["amount"] = 0.5 }));
        Assert.True(MaxDifference(brighter, expected) <= 1);
        Assert.All(Enumerable.Range(0, digit.Length).Where(i => digit[i] == 0), i => Assert.Equal(128, brighter[i]));
        Assert.All(Enumerable.Range(0, digit.Length).Where(i => digit[i] >= 128), i => Assert.Equal(255, brighter[i]));
    }

    [Fact]
    public void Translate_moves_the_ink_three_pixels_along_each_axis_and_keeps_all_of_it()
    {
        var square = Square();
        var moves = new Dictionary<(int Right, int Down), byte[]>();
        for (var seed = 0; seed < 32; seed++)
        {
            var moved = Corruptions.Apply(Corruption.Translate, square, Side, Side, seed);

            var lit = Lit(moved);
            var move = (lit.Min(p => p.X) - 8, lit.Min(p => p.Y) - 8);
            Assert.Contains(move, new[] { (3, 3), (3, -3), (-3, 3), (-3, -3) });
            Assert.Equal(square.Sum(p => p), moved.Sum(p => p));
            moves[move] = moved;
        }

        Assert.Equal(4, moves.Count);
        foreach (var ((right, down), moved) in moves)
        {
            Assert.Equal(ToBytes(ImageLibraryOracle.Run("shift", square, Side, Side, new Dictionary<string, object> { ["right"] = right, ["down"] = down })), moved);
        }
    }

    [Fact]
    public void Stripe_inverts_exactly_the_seven_outer_columns_on_each_side()
    {
        var ramp = Ramp();

        var striped = Corruptions.Apply(Corruption.Stripe, ramp, Side, Side, seed: 0);

        for (var i = 0; i < ramp.Length; i++)
        {
            var column = i % Side;
            var outer = column < 7 || column >= 21;
            Assert.Equal(outer ? 255 - ramp[i] : ramp[i], striped[i]);
        }
    }

    [Fact]
    public void Fog_raises_the_background_unevenly_and_lets_the_ink_through_at_a_quarter_of_its_contrast()
    {
        var square = Square();
        var withDot = Square();
        withDot[(2 * Side) + 2] = 255;

        var fogged = Corruptions.Apply(Corruption.Fog, square, Side, Side, seed: 4);
        var foggedWithDot = Corruptions.Apply(Corruption.Fog, withDot, Side, Side, seed: 4);

        var background = Enumerable.Range(0, square.Length).Where(i => square[i] == 0).Select(i => (int)fogged[i]).ToArray();
        Assert.True(background.Average() > 25, $"The fog's mean is only {background.Average():F1}.");
        Assert.True(background.Max() - background.Min() > 15, $"The fog is flat: {background.Min()} to {background.Max()}.");

        // The same fog (same seed, same brightest pixel) over one more ink pixel: (x + 3f) / 4 adds 255 / 4 there only.
        var differences = foggedWithDot.Zip(fogged, (a, b) => a - b).ToArray();
        Assert.InRange(differences[(2 * Side) + 2], 63, 65);
        Assert.Equal(1, differences.Count(d => d != 0));
    }

    [Fact]
    public void The_fogs_plasma_fractal_spans_zero_to_one_and_varies_smoothly()
    {
        var random = new CorruptionRandom(7);

        var map = PlasmaFractal.Generate(256, 1.4, ref random);

        Assert.Equal((0f, 1f), (map.Min(), map.Max()));
        var step = Enumerable.Range(0, 255).Average(x => Math.Abs(map[x + 1] - map[x]));
        Assert.True(step < 0.05, $"Neighbouring values differ by {step:F3} on average; a plasma is smooth.");
    }

    [Fact]
    public void Spatter_lays_grey_mud_blobs_and_nothing_else_on_a_black_image()
    {
        var blobs = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var spattered = Corruptions.Apply(Corruption.Spatter, Uniform(0), Side, Side, seed);

            // The mud is 63 of 255, blended in by a mask of at least 0.8.
            var mud = Lit(spattered);
            Assert.All(mud, p => Assert.InRange(p.Value, 50, 63));
            blobs += mud.Count > 0 ? 1 : 0;
        }

        Assert.InRange(blobs, 5, 20);
    }

    [Fact]
    public void Spatter_covers_white_with_the_same_mud()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var onBlack = Corruptions.Apply(Corruption.Spatter, Uniform(0), Side, Side, seed);
            var onWhite = Corruptions.Apply(Corruption.Spatter, Uniform(255), Side, Side, seed);

            for (var i = 0; i < onBlack.Length; i++)
            {
                // x(1 - m) + 63m: where m is 0 white stays white; elsewhere both are the same blend of their own tone.
                Assert.True(onBlack[i] == 0 ? onWhite[i] == 255 : onWhite[i] is >= 63 and <= 102, $"Seed {seed}, pixel {i}: {onBlack[i]} on black but {onWhite[i]} on white.");
            }
        }
    }

    [Fact]
    public void Dotted_line_adds_dashes_of_two_columns_on_and_two_off_along_a_straight_line()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var dotted = Corruptions.Apply(Corruption.DottedLine, Uniform(0), Side, Side, seed);

            var lit = Lit(dotted);
            Assert.All(lit, p => Assert.True((p.X / 2) % 2 == 1, $"Seed {seed}: column {p.X} should be a gap."));
            var columns = lit.GroupBy(p => p.X).ToDictionary(g => g.Key, g => g.Sum(p => p.Y * (double)p.Value) / g.Sum(p => (double)p.Value));
            // The stroke stops before the last column, as MNIST-C's does (its columns end at ceil(27), exclusive).
            Assert.Equal(Enumerable.Range(0, Side - 1).Where(x => (x / 2) % 2 == 1), columns.Keys.Order());
            AssertOnALine(columns, 0.6);
            Assert.All(dotted.Zip(Corruptions.Apply(Corruption.DottedLine, Digit, Side, Side, seed), Digit), t => Assert.InRange(t.Second, Math.Min(255, t.First + t.Third) - 1, Math.Min(255, t.First + t.Third) + 1));
        }
    }

    [Fact]
    public void Zigzag_adds_a_line_that_swings_up_and_down_across_the_middle_columns()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var zigzag = Corruptions.Apply(Corruption.Zigzag, Uniform(0), Side, Side, seed);

            var lit = Lit(zigzag);
            Assert.Equal((2, 24), (lit.Min(p => p.X), lit.Max(p => p.X)));
            var rows = lit.GroupBy(p => p.X).OrderBy(g => g.Key).Select(g => g.Average(p => (double)p.Y)).ToArray();

            // Around its straight trend the zigzag goes up and down every 4 columns: at least four turns in 23 columns.
            var slope = (rows[^1] - rows[0]) / (rows.Length - 1);
            var swings = rows.Select((r, i) => r - rows[0] - (slope * i)).ToArray();
            var turns = Enumerable.Range(1, swings.Length - 2).Count(i => (swings[i] - swings[i - 1]) * (swings[i + 1] - swings[i]) < 0);
            Assert.True(turns >= 4, $"Seed {seed}: only {turns} turns in [{string.Join(", ", swings.Select(s => s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}].");
            Assert.True(Corruptions.Apply(Corruption.Zigzag, Digit, Side, Side, seed).Zip(Digit).All(t => t.First >= t.Second));
        }
    }

    [Fact]
    public void Canny_edges_keep_only_the_outline_of_a_filled_square()
    {
        var square = Square();

        var edges = Corruptions.Apply(Corruption.CannyEdges, square, Side, Side, seed: 0);

        Assert.All(edges, p => Assert.Contains(p, new byte[] { 0, 255 }));
        var lit = Lit(edges);
        Assert.All(lit, p => Assert.True(Math.Min(Math.Abs(p.X - 7.5), Math.Abs(p.X - 19.5)) <= 1 || Math.Min(Math.Abs(p.Y - 7.5), Math.Abs(p.Y - 19.5)) <= 1, $"({p.X}, {p.Y}) is not on the outline."));
        Assert.All(lit, p => Assert.InRange(p.X, 6, 21));
        Assert.All(lit, p => Assert.InRange(p.Y, 6, 21));
        foreach (var side in new[] { lit.Where(p => p.X <= 8), lit.Where(p => p.X >= 19), lit.Where(p => p.Y <= 8), lit.Where(p => p.Y >= 19) })
        {
            Assert.True(side.Count() >= 10, "Every side of the square has an edge along it.");
        }
    }

    [Fact]
    public void Canny_edges_of_real_digits_are_scikit_images()
    {
        for (var i = 0; i < 5; i++)
        {
            var digit = MnistSamples.TestSet.Images[i];

            var edges = Corruptions.Apply(Corruption.CannyEdges, digit, Side, Side, seed: 0);

            var expected = ToBytes(ImageLibraryOracle.Run("canny", digit, Side, Side));
            var differing = edges.Zip(expected).Count(t => t.First != t.Second);
            Assert.True(differing <= 2, $"Digit {i}: {differing} pixels differ from scikit-image's canny (float rounding may flip a tie or two).");
        }
    }

    private static byte[] BlurTwice(byte[] image)
    {
        var geometry = new ImageGeometry(Side, Side);
        var once = GaussianFilter.Blur(image.Select(p => p / 255f).ToArray(), geometry, 0.7);
        return ToBytes(GaussianFilter.Blur(once, geometry, 0.7));
    }

    private static (double X, double Y) Centroid(byte[] image)
    {
        var total = image.Sum(p => (double)p);
        return (Enumerable.Range(0, image.Length).Sum(i => (i % Side) * (double)image[i]) / total, Enumerable.Range(0, image.Length).Sum(i => (i / Side) * (double)image[i]) / total);
    }

    private static void AssertOnALine(Dictionary<int, double> rowsByColumn, double tolerance)
    {
        var xs = rowsByColumn.Keys.Select(x => (double)x).ToArray();
        var ys = rowsByColumn.Values.ToArray();
        var (mx, my) = (xs.Average(), ys.Average());
        var slope = xs.Zip(ys).Sum(t => (t.First - mx) * (t.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        Assert.All(xs.Zip(ys), t => Assert.True(Math.Abs(t.Second - (my + (slope * (t.First - mx)))) <= tolerance, $"Column {t.First}'s stroke is at row {t.Second:F2}, off the line."));
    }

    private static byte[] ToBytes(float[] unit) => [.. unit.Select(v => (byte)Math.Clamp(MathF.Round(v * 255f), 0, 255))];

    private static int MaxDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static double LogFactorial(int k) => Enumerable.Range(1, k).Sum(i => Math.Log(i));
}
