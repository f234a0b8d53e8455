using System.Net;
using System.Net.Http.Json;
using Digits.Sdk.Serving.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Serving.Tests.Endpoints;

/// <summary>
/// Issue 16, findings 3 and 4 over HTTP: a picture cut short is refused as DigitClassifier refuses it, and a picture
/// with no ink is answered "blank" (no digit found) rather than with the model's guess.
/// </summary>
public sealed class NoDigitAndCutPictureTests : IAsyncLifetime
{
    private ServingHost host = null!;

    public async Task InitializeAsync() => host = await ServingHost.StartInProcessAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_blank_white_picture_is_answered_blank_with_no_label_class_or_confidence()
    {
        using var response = await host.Client.PostAsync("/v1/predict?include=input", Answers.Picture(BlankPng(200, 200), "image/png"));

        var prediction = Assert.Single(await Answers.PredictionsAsync(response));
        Assert.True(prediction.GetProperty("blank").GetBoolean());
        Assert.Equal("no_digit_found", prediction.GetProperty("verdict").GetString());
        Assert.False(prediction.TryGetProperty("label", out _));
        Assert.False(prediction.TryGetProperty("className", out _));
        Assert.False(prediction.TryGetProperty("confidence", out _));
        Assert.Equal(0, prediction.GetProperty("probabilities").GetArrayLength());
        // The input the model would have seen is still shown: an empty field.
        Assert.All(prediction.GetProperty("input").EnumerateArray().SelectMany(row => row.EnumerateArray()), value => Assert.Equal(0f, value.GetSingle()));
    }

    [Fact]
    public async Task Multipart_pictures_are_answered_one_by_one_blank_or_not()
    {
        using var form = new MultipartFormDataContent
        {
            { Answers.Picture(MnistPictures.TestPngs[0], "image/png"), "file", "seven.png" },
            { Answers.Picture(BlankPng(64, 48), "image/png"), "file", "blank.png" },
            { Answers.Picture(MnistPictures.TestPngs[1], "image/png"), "file", "two.png" },
        };

        using var response = await host.Client.PostAsync("/v1/predict", form);

        var predictions = await Answers.PredictionsAsync(response);
        Assert.Equal([false, true, false], predictions.Select(p => p.GetProperty("blank").GetBoolean()));
        Assert.Equal(["digit", "no_digit_found", "digit"], predictions.Select(p => p.GetProperty("verdict").GetString()));
        Assert.Equal([7, 2], new[] { predictions[0], predictions[2] }.Select(p => p.GetProperty("label").GetInt32()));
        Assert.Equal("blank.png", predictions[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Json_pixels_without_ink_are_blank_too()
    {
        var batch = new[] { ToRows(new byte[784]), ToRows(MnistPictures.TestSet.Images[4]) };

        using var response = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = batch });

        var predictions = await Answers.PredictionsAsync(response);
        Assert.True(predictions[0].GetProperty("blank").GetBoolean());
        Answers.AssertSame(Pretrained.Classifier.Predict(MnistPictures.TestSet.Images[4]), predictions[1]);
    }

    [Fact]
    public async Task The_open_inference_protocol_answers_a_blank_sample_with_label_minus_1_and_probabilities_of_0()
    {
        var data = new float[2 * 784];
        MnistPictures.TestSet.Images[0].Select(p => p / 255f).ToArray().CopyTo(data, 784);
        var request = new { inputs = new[] { new { name = "input", shape = new[] { 2, 1, 28, 28 }, datatype = "FP32", data } } };

        using var response = await host.Client.PostAsJsonAsync($"/v2/models/{Pretrained.Classifier.Metadata.NetworkName}/infer", request);

        var answer = await Answers.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal([-1L, 7L], outputs["label"].GetProperty("data").EnumerateArray().Select(v => v.GetInt64()));
        var probabilities = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(20, probabilities.Length);
        Assert.All(probabilities[..10], p => Assert.Equal(0f, p));
        Assert.Equal(1f, probabilities[10..].Sum(), 1e-4f);
        Assert.Equal("BYTES", outputs["verdict"].GetProperty("datatype").GetString());
        Assert.Equal(["no_digit_found", "digit"], outputs["verdict"].GetProperty("data").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task A_png_cut_to_its_first_200_bytes_is_400_truncated_picture()
    {
        var seven = MnistPictures.Enlarged(MnistPictures.TestSet.Images[0], 56);
        Assert.True(seven.Length > 400);

        using var response = await host.Client.PostAsync("/v1/predict", Answers.Picture(seven[..200], "image/png"));

        var detail = await Answers.ProblemAsync(response, 400, "truncated-picture");
        Assert.Contains("cut short after 200 bytes", detail);
    }

    public static TheoryData<string> Formats => ["image/png", "image/jpeg"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_service_refuses_exactly_the_cut_pictures_DigitClassifier_refuses(string type)
    {
        var picture = type == "image/png" ? MnistPictures.TestPngs[0] : MnistPictures.ToJpeg(MnistPictures.TestSet.Images[0]);
        var disagreements = new List<string>();
        for (var length = 1; length <= picture.Length; length++)
        {
            bool library;
            try
            {
                Pretrained.Classifier.PredictImage(new MemoryStream(picture[..length]));
                library = true;
            }
            catch (InvalidDataException)
            {
                library = false;
            }

            using var response = await host.Client.PostAsync("/v1/predict", Answers.Picture(picture[..length], type));
            if (response.IsSuccessStatusCode != library)
            {
                disagreements.Add($"{length} bytes: the library {(library ? "read" : "refused")} it, the service answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(disagreements);
    }

    private static byte[] BlankPng(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.White);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>One sample in the model's input shape [1, 28, 28], as JSON nests it.</summary>
    private static float[][][] ToRows(byte[] image) =>
        [[.. Enumerable.Range(0, 28).Select(y => image.AsSpan(y * 28, 28).ToArray().Select(p => p / 255f).ToArray())]];
}
