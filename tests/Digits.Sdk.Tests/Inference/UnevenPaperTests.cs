using Digits.Sdk.Inference;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// Photos of a digit are rarely lit evenly. The digit preprocessing removes the paper as a smooth surface, so a digit
/// on paper that darkens across the picture, or towards its edges, comes out as it does on white paper.
/// </summary>
public sealed class UnevenPaperTests
{
    private const int Samples = 60;

    /// <summary>Paper that darkens from 250 in one corner to 180 in the opposite one.</summary>
    private static double Gradient(double x, double y) => 250 - (70 * (x + y) / 2);

    /// <summary>Paper that is brightest in the middle and 60 levels darker in the corners (a lens's vignette).</summary>
    private static double Vignette(double x, double y) => 245 - (60 * (((x - 0.5) * (x - 0.5)) + ((y - 0.5) * (y - 0.5))) / 0.5);

    /// <summary>A shadow's soft edge across the page: 240 on the left, 190 on the right.</summary>
    private static double Shadow(double x, double _) => 190 + (50 / (1 + Math.Exp(12 * (x - 0.5))));

    public static TheoryData<string> Lightings => ["gradient", "vignette", "shadow"];

    private static Func<double, double, double> Lighting(string name) => name switch
    {
        "gradient" => Gradient,
        "vignette" => Vignette,
        _ => Shadow,
    };

    [Theory]
    [MemberData(nameof(Lightings))]
    public void A_digit_on_unevenly_lit_paper_is_preprocessed_like_the_MNIST_original(string lighting)
    {
        var (images, _) = MnistSamples.TestSet;
        var differences = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            using var stream = new MemoryStream(DigitImages.OnPaper(images[i], i, Lighting(lighting)));

            var field = PicturePreprocessor.Prepare(stream, "digit", ImagePreprocessing.Digit, 28, 28);

            differences.Add(field.Zip(images[i], (actual, expected) => Math.Abs(actual - (expected / 255.0))).Average());
        }

        // As for a digit on even paper: a background taken for ink crops and scales the digit wrongly (0.15 or more).
        Assert.True(differences.Average() < 0.06, $"Mean |difference| {differences.Average():F3}; worst {differences.Max():F3}.");
    }

    [Theory]
    [MemberData(nameof(Lightings))]
    public void The_pretrained_model_reads_digits_on_unevenly_lit_paper(string lighting)
    {
        var (images, labels) = MnistSamples.TestSet;
        using var classifier = DigitClassifier.LoadPretrained();

        var correct = Enumerable.Range(0, Samples)
            .Count(i => classifier.PredictImage(new MemoryStream(DigitImages.OnPaper(images[i], i, Lighting(lighting)))).Label == labels[i]);

        Assert.True(correct >= Samples * 0.95, $"{correct} of {Samples} digits on {lighting} paper read right.");
    }
}
