using System.Runtime.InteropServices;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// Issue 16, finding 4: a blank white picture was called "1" at 85.8%. A picture or sample with no ink to read is
/// <see cref="Prediction.Blank"/>, in every call and per picture in batches, and every real digit picture of the test
/// suites is still read.
/// </summary>
public sealed class BlankPictureTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    [Fact]
    public void A_blank_white_picture_is_reported_as_no_digit_not_as_a_1()
    {
        var path = Path.Combine(model.Directory, "blank.png");
        File.WriteAllBytes(path, Page(200, 200, (_, _) => 255, noise: 0, SKEncodedImageFormat.Png));
        using var classifier = DigitClassifier.LoadPretrained();

        var prediction = classifier.PredictImage(path);

        Assert.True(prediction.IsBlank);
        Assert.Same(Prediction.Blank, prediction);
        Assert.Equal((Prediction.NoLabel, string.Empty, 0f), (prediction.Label, prediction.ClassName, prediction.Confidence));
        Assert.Empty(prediction.Probabilities);
    }

    public static TheoryData<string> BlankPages => ["white", "off-white", "gradient", "shadow", "noisy", "noisy-jpeg", "black"];

    [Theory]
    [MemberData(nameof(BlankPages))]
    public void A_page_without_ink_is_blank_however_it_is_lit_or_encoded(string page)
    {
        var bytes = page switch
        {
            "white" => Page(160, 120, (_, _) => 255, 0, SKEncodedImageFormat.Png),
            "off-white" => Page(160, 120, (_, _) => 236, 0, SKEncodedImageFormat.Jpeg),
            "gradient" => Page(180, 140, (x, y) => 250 - (70 * (x + y) / 2), 0, SKEncodedImageFormat.Png),
            "shadow" => Page(180, 140, (x, _) => 190 + (50 / (1 + Math.Exp(12 * (x - 0.5)))), 0, SKEncodedImageFormat.Png),
            // A phone's photo of an empty page: grain of 10 grey levels (σ) that the paper's removal cannot take away.
            "noisy" => Page(200, 160, (_, _) => 230, 10, SKEncodedImageFormat.Png),
            "noisy-jpeg" => Page(200, 160, (x, y) => 240 - (40 * x * y), 10, SKEncodedImageFormat.Jpeg),
            _ => Page(100, 100, (_, _) => 0, 0, SKEncodedImageFormat.Png),
        };
        using var classifier = DigitClassifier.LoadPretrained();

        Assert.True(classifier.PredictImage(new MemoryStream(bytes)).IsBlank, $"the {page} page was read as a digit");
    }

    public static TheoryData<string, int, int> NoisyPages()
    {
        var pages = new TheoryData<string, int, int>();
        foreach (var lighting in new[] { "even", "gradient", "vignette" })
        {
            foreach (var grain in new[] { 0, 3, 6, 10 })
            {
                foreach (var quality in new[] { 100, 75, 50 })
                {
                    pages.Add(lighting, grain, quality);
                }
            }
        }

        // JPEG's lowest quality on a page lit evenly or from one side; on a vignette with grain its blocks can
        // still stand out as faint ink (6 grey levels of grain at quality 30 does: docs/articles/robustness.md).
        foreach (var grain in new[] { 0, 3, 6, 10 })
        {
            pages.Add("even", grain, 30);
            pages.Add("gradient", grain, 30);
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(NoisyPages))]
    public void A_page_with_grain_and_uneven_light_is_blank_as_PNG_and_as_JPEG(string lighting, int grain, int quality)
    {
        Func<double, double, double> paper = lighting switch
        {
            "even" => (_, _) => 230,
            "gradient" => (x, y) => 250 - (70 * (x + y) / 2),
            _ => (x, y) => 245 - (60 * (((x - 0.5) * (x - 0.5)) + ((y - 0.5) * (y - 0.5))) / 0.5),
        };
        var bytes = Page(200, 160, paper, grain, quality == 100 ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, quality);
        using var classifier = DigitClassifier.LoadPretrained();

        Assert.True(classifier.PredictImage(new MemoryStream(bytes)).IsBlank);
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(25, true)]
    [InlineData(30, false)]
    [InlineData(60, false)]
    public void Ink_fainter_than_a_tenth_of_the_grey_scale_is_no_digit_and_ink_above_it_is_read(int darkerBy, bool blank)
    {
        // A digit drawn `darkerBy` grey levels darker than its paper (236): a tenth of the scale is 25.5 levels.
        var (images, _) = MnistSamples.TestSet;
        using var classifier = DigitClassifier.LoadPretrained();

        for (var i = 0; i < 20; i++)
        {
            var pixels = images[i].Select(p => (byte)Math.Round(236 - (darkerBy * p / 255.0))).ToArray();

            var prediction = classifier.PredictImage(new MemoryStream(DigitImages.StoredPng(pixels)));

            Assert.Equal(blank, prediction.IsBlank);
            if (!blank)
            {
                Assert.Equal(classifier.Predict(images[i]).Label, prediction.Label);
            }
        }
    }

    [Fact]
    public void Pixels_without_ink_are_blank_in_every_overload_and_the_model_is_not_asked()
    {
        using var classifier = DigitClassifier.Load(model.Path);
        var image = MnistSamples.TestSet.Images[0];

        Assert.True(classifier.Predict(new byte[784]).IsBlank);
        Assert.True(classifier.Predict(Enumerable.Repeat((byte)255, 784).ToArray()).IsBlank);
        Assert.True(classifier.Predict(Enumerable.Repeat((byte)20, 784).ToArray().AsSpan()).IsBlank);
        Assert.True(classifier.Predict(new float[784]).IsBlank);
        Assert.True(classifier.Predict(Enumerable.Repeat(0.55f, 784).ToArray()).IsBlank);
        Assert.False(classifier.Predict(image).IsBlank);
        Assert.False(classifier.Predict(image.Select(p => p / 255f).ToArray()).IsBlank);
    }

    [Fact]
    public void A_batch_answers_blank_samples_in_their_places_and_the_others_as_alone()
    {
        using var classifier = DigitClassifier.Load(model.Path);
        var images = MnistSamples.TestSet.Images;
        byte[][] batch = [new byte[784], images[0], images[1], new byte[784], images[2], Enumerable.Repeat((byte)255, 784).ToArray()];

        var bytes = classifier.PredictBatch(batch);
        var floats = classifier.PredictBatch(batch.Select(b => b.Select(p => p / 255f).ToArray()).ToArray());
        var allBlank = classifier.PredictBatch([new byte[784], new byte[784]]);

        Assert.Equal([true, false, false, true, false, true], bytes.Select(p => p.IsBlank));
        Assert.Equal([true, false, false, true, false, true], floats.Select(p => p.IsBlank));
        foreach (var i in new[] { 1, 2, 4 })
        {
            var alone = classifier.Predict(batch[i]);
            Assert.Equal(alone.Label, bytes[i].Label);
            Assert.Equal(alone.Probabilities, bytes[i].Probabilities, (a, b) => Math.Abs(a - b) < 1e-5f);
        }

        Assert.All(allBlank, p => Assert.True(p.IsBlank));
    }

    [Fact]
    public void A_model_that_takes_pictures_as_they_are_finds_no_digit_in_a_uniform_picture()
    {
        // Resize-only preprocessing (Fashion-MNIST, a user's own data): the picture's own contrast decides.
        var path = Path.Combine(model.Directory, "plain.onnx");
        model.Network.ExportOnnx(path, new OnnxExportOptions { Preprocessing = ImagePreprocessing.None });
        using var classifier = DigitClassifier.Load(path);

        Assert.True(classifier.PredictImage(new MemoryStream(Page(28, 28, (_, _) => 255, 0, SKEncodedImageFormat.Png))).IsBlank);
        Assert.True(classifier.PredictImage(new MemoryStream(Page(28, 28, (_, _) => 40, 0, SKEncodedImageFormat.Png))).IsBlank);
        Assert.False(classifier.PredictImage(new MemoryStream(DigitImages.StoredPng(MnistSamples.TestSet.Images[0]))).IsBlank);
    }

    [Fact]
    public void No_real_digit_picture_of_the_test_suites_is_taken_for_blank()
    {
        // The pictures the suites read digits from: MNIST digits as stored, rendered large in both polarities as PNG
        // and JPEG, and dark grey on unevenly lit paper.
        var (images, _) = MnistSamples.TestSet;
        using var classifier = DigitClassifier.LoadPretrained();
        var blank = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            foreach (var (name, picture) in new[]
            {
                ("stored", DigitImages.StoredPng(images[i])),
                ("png dark on light", DigitImages.Render(images[i], SKEncodedImageFormat.Png, darkOnLight: true, i)),
                ("jpeg dark on light", DigitImages.Render(images[i], SKEncodedImageFormat.Jpeg, darkOnLight: true, i)),
                ("png light on dark", DigitImages.Render(images[i], SKEncodedImageFormat.Png, darkOnLight: false, i)),
                ("shadowed paper", DigitImages.OnPaper(images[i], i, (x, _) => 190 + (50 / (1 + Math.Exp(12 * (x - 0.5)))))),
            })
            {
                if (classifier.PredictImage(new MemoryStream(picture)).IsBlank)
                {
                    blank.Add($"{name} {i}");
                }
            }
        }

        Assert.Empty(blank);
    }

    /// <summary>A page of <paramref name="paper"/> grey levels (given the position as fractions), with Gaussian grain of <paramref name="noise"/> levels.</summary>
    private static byte[] Page(int width, int height, Func<double, double, double> paper, double noise, SKEncodedImageFormat format, int quality = 75)
    {
        var random = new Random(width * height);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var grain = noise * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                pixels[(y * width) + x] = (byte)Math.Clamp(Math.Round(paper((double)x / width, (double)y / height) + grain), 0, 255);
            }
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }
}
