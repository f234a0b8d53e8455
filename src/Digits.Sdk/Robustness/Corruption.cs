namespace Digits.Sdk.Robustness;

/// <summary>
/// The 15 corruption families of MNIST-C (Mu &amp; Gilmer, 2019, "MNIST-C: A Robustness Benchmark for Computer
/// Vision"), in the paper's order. <see cref="Corruptions.Apply"/> applies one at the paper's severity.
/// </summary>
/// <remarks>Each member says what the family does on a 28 × 28 image; lengths grow with larger images (see <see cref="Corruptions"/>).</remarks>
public enum Corruption
{
    /// <summary>Poisson noise: each pixel becomes a Poisson count with mean 3 × its value on the 0..1 scale, divided by 3.</summary>
    ShotNoise,

    /// <summary>Salt-and-pepper noise: 17% of the pixels become black or white, with equal odds.</summary>
    ImpulseNoise,

    /// <summary>A Gaussian blur (σ 0.7), two passes that swap each pixel with a random neighbour at most 1 pixel away, and the blur again.</summary>
    GlassBlur,

    /// <summary>A one-sided Gaussian smear (σ 3 pixels over 21 pixels) along a random direction within 45° of horizontal.</summary>
    MotionBlur,

    /// <summary>A horizontal shear of 0.4 radians, left or right at random, about the centre.</summary>
    Shear,

    /// <summary>Shrinks the image to 70% about its centre.</summary>
    Scale,

    /// <summary>Rotates the image by 0.4 radians (about 23°) about its centre, either way at random.</summary>
    Rotate,

    /// <summary>Adds 0.5 to every pixel on the 0..1 scale (the HSV value channel of a grey image), clipped at white.</summary>
    Brightness,

    /// <summary>Moves the image by 3 pixels horizontally and 3 vertically, each direction at random.</summary>
    Translate,

    /// <summary>Inverts the outer quarters of the columns: on 28 × 28 images, columns 0–6 and 21–27.</summary>
    Stripe,

    /// <summary>Adds a plasma fractal 3 times as bright as the ink and rescales, so the background turns a patchy grey.</summary>
    Fog,

    /// <summary>Grey blobs (value 63) of thresholded, blurred noise that cover parts of the image, like mud.</summary>
    Spatter,

    /// <summary>A dashed line (2 pixels on, 2 off) from the left edge to the right edge at random heights.</summary>
    DottedLine,

    /// <summary>A zigzag line (amplitude and half-period 2 pixels) across the image at a random height and slight slope.</summary>
    Zigzag,

    /// <summary>Only the edges Canny's detector finds (σ 1, hysteresis thresholds 0.1 and 0.2), white on black.</summary>
    CannyEdges,
}
