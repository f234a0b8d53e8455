using Digits.Sdk.Inference;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Inference;

public sealed class ImagePredictionTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    private const int Samples = 60;

    [Fact]
    public void Preprocessing_an_MNIST_digit_gives_it_back_unchanged()
    {
        // MNIST digits are already cropped, scaled to 20 px and centred by mass: preprocessing gives them back,
        // except where MNIST's own rounding of the centre of mass went the other way (a one-pixel shift).
        var (images, _) = MnistSamples.TestSet;
        var unchanged = 0;
        foreach (var image in images.Take(Samples))
        {
            var gray = image.Select(p => p / 255f).ToArray();

            var field = DigitPreprocessor.Preprocess(gray, 28, 28, 28, 28);

            unchanged += field.Zip(gray, (a, e) => Math.Abs(a - e)).Average() < 0.01 ? 1 : 0;
        }

        Assert.True(unchanged >= Samples * 0.9, $"Only {unchanged} of {Samples} MNIST digits came back unchanged.");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, true)]
    [InlineData(SKEncodedImageFormat.Jpeg, true)]
    [InlineData(SKEncodedImageFormat.Png, false)]
    public void Preprocessing_a_large_rendered_digit_restores_the_MNIST_original(SKEncodedImageFormat format, bool darkOnLight)
    {
        var (images, _) = MnistSamples.TestSet;
        var differences = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            using var stream = new MemoryStream(DigitImages.Render(images[i], format, darkOnLight, i));
            var field = PicturePreprocessor.Prepare(stream, "digit", ImagePreprocessing.Digit, 28, 28);
            differences.Add(field.Zip(images[i], (actual, expected) => Math.Abs(actual - (expected / 255.0))).Average());
        }

        // Mean absolute pixel difference; a misplaced or unscaled digit differs by 0.15 or more.
        Assert.True(differences.Average() < 0.06, $"Mean |difference| {differences.Average():F3}; worst {differences.Max():F3}.");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, true)]
    [InlineData(SKEncodedImageFormat.Jpeg, true)]
    [InlineData(SKEncodedImageFormat.Png, false)]
    public void A_picture_of_a_digit_is_classified_like_the_digit_itself(SKEncodedImageFormat format, bool darkOnLight)
    {
        var (images, _) = MnistSamples.TestSet;
        using var classifier = DigitClassifier.Load(model.Path);
        var path = Path.Combine(model.Directory, $"digit-{format}-{darkOnLight}.{format.ToString().ToLowerInvariant()}");

        var agreements = 0;
        for (var i = 0; i < Samples; i++)
        {
            File.WriteAllBytes(path, DigitImages.Render(images[i], format, darkOnLight, i));
            agreements += classifier.PredictImage(path).Label == classifier.Predict(images[i]).Label ? 1 : 0;
        }

        Assert.True(agreements >= Samples * 0.9, $"{agreements} of {Samples} pictures classified like their digits.");
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_refused_with_InvalidDataException()
    {
        var path = Path.Combine(model.Directory, "not-an-image.png");
        File.WriteAllText(path, "no pixels here");
        using var classifier = DigitClassifier.Load(model.Path);

        var error = Assert.Throws<InvalidDataException>(() => classifier.PredictImage(path));

        Assert.Contains(path, error.Message);
    }
}
