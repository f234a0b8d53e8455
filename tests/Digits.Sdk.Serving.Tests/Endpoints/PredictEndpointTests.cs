using System.Net.Http.Headers;
using System.Net.Http.Json;
using Digits.Sdk.Serving.Tests.TestSupport;

namespace Digits.Sdk.Serving.Tests.Endpoints;

public sealed class PredictEndpointTests
{
    private static readonly (byte[][] Images, byte[] Labels) Mnist = MnistPictures.TestSet;

    [Fact]
    public async Task A_png_body_is_answered_as_DigitClassifier_answers_the_same_picture()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        var png = MnistPictures.ToPng(Mnist.Images[0]);

        using var response = await host.Client.PostAsync("/v1/predict", Answers.Picture(png, "image/png"));

        var predictions = await Answers.PredictionsAsync(response);
        var prediction = Assert.Single(predictions);
        Answers.AssertSame(Pretrained.Classifier.PredictImage(new MemoryStream(png)), prediction);
        Assert.Equal(Mnist.Labels[0], prediction.GetProperty("label").GetInt32());
        Assert.Equal(prediction.GetProperty("probabilities")[prediction.GetProperty("label").GetInt32()].GetSingle(), prediction.GetProperty("confidence").GetSingle());
        Assert.False(prediction.TryGetProperty("input", out _));
    }

    [Fact]
    public async Task A_jpeg_body_is_answered_as_DigitClassifier_answers_the_same_picture()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        var jpeg = MnistPictures.ToJpeg(Mnist.Images[1]);

        using var response = await host.Client.PostAsync("/v1/predict", Answers.Picture(jpeg, "image/jpeg"));

        Answers.AssertSame(Pretrained.Classifier.PredictImage(new MemoryStream(jpeg)), Assert.Single(await Answers.PredictionsAsync(response)));
    }

    [Fact]
    public async Task Multipart_pictures_get_one_prediction_each_in_their_order_with_their_names()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        using var form = new MultipartFormDataContent();
        var pngs = Enumerable.Range(0, 5).Select(i => MnistPictures.ToPng(Mnist.Images[i])).ToArray();
        for (var i = 0; i < pngs.Length; i++)
        {
            form.Add(Answers.Picture(pngs[i], "image/png"), "file", $"digit-{i}.png");
        }

        using var response = await host.Client.PostAsync("/v1/predict", form);

        var predictions = await Answers.PredictionsAsync(response);
        Assert.Equal(pngs.Length, predictions.Length);
        for (var i = 0; i < pngs.Length; i++)
        {
            Assert.Equal($"digit-{i}.png", predictions[i].GetProperty("name").GetString());
            Answers.AssertSame(Pretrained.Classifier.PredictImage(new MemoryStream(pngs[i])), predictions[i]);
        }
    }

    [Fact]
    public async Task Json_pixels_in_the_models_input_shape_are_classified_as_given()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        var image = Mnist.Images[2];
        var rows = Enumerable.Range(0, 28).Select(y => Enumerable.Range(0, 28).Select(x => image[(y * 28) + x] / 255f).ToArray()).ToArray();

        using var response = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = new[] { rows } });

        Answers.AssertSame(Pretrained.Classifier.Predict(image), Assert.Single(await Answers.PredictionsAsync(response)));
    }

    [Fact]
    public async Task Json_pixels_with_a_leading_batch_dimension_or_flat_are_classified_too()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        var batch = Enumerable.Range(0, 3).Select(n => new[] { Enumerable.Range(0, 28).Select(y => Enumerable.Range(0, 28).Select(x => Mnist.Images[n][(y * 28) + x] / 255f).ToArray()).ToArray() }).ToArray();

        using var batched = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = batch });
        using var flat = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = Mnist.Images[3].Select(p => p / 255f).ToArray() });

        var predictions = await Answers.PredictionsAsync(batched);
        Assert.Equal(3, predictions.Length);
        for (var n = 0; n < 3; n++)
        {
            Answers.AssertSame(Pretrained.Classifier.Predict(Mnist.Images[n]), predictions[n]);
        }

        Answers.AssertSame(Pretrained.Classifier.Predict(Mnist.Images[3]), Assert.Single(await Answers.PredictionsAsync(flat)));
    }

    [Fact]
    public async Task Json_pixels_shaped_as_numpy_mnist_code_holds_them_are_classified_too()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        float[] Flat(int n) => Mnist.Images[n].Select(p => p / 255f).ToArray();
        float[][] Rows(int n) => [.. Enumerable.Range(0, 28).Select(y => Flat(n)[(y * 28)..((y + 1) * 28)])];
        var expected = Enumerable.Range(0, 3).Select(n => Pretrained.Classifier.Predict(Mnist.Images[n])).ToArray();

        // [28, 28], [N, 28, 28] and [N, 784]: one image, and a batch without the channel dimension or flat.
        using var square = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = Rows(0) });
        using var squares = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = Enumerable.Range(0, 3).Select(Rows).ToArray() });
        using var flats = await host.Client.PostAsJsonAsync("/v1/predict", new { pixels = Enumerable.Range(0, 3).Select(Flat).ToArray() });

        Answers.AssertSame(expected[0], Assert.Single(await Answers.PredictionsAsync(square)));
        foreach (var response in new[] { squares, flats })
        {
            var predictions = await Answers.PredictionsAsync(response);
            Assert.Equal(3, predictions.Length);
            for (var n = 0; n < 3; n++)
            {
                Answers.AssertSame(expected[n], predictions[n]);
            }
        }
    }

    [Fact]
    public async Task Include_input_returns_the_prepared_field_the_model_saw()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        // A large dark-on-light picture: what the model sees is the cropped, scaled, centred, inverted digit.
        var inverted = Mnist.Images[4].Select(p => (byte)(255 - p)).ToArray();
        var png = MnistPictures.ToPng(inverted);

        using var response = await host.Client.PostAsync("/v1/predict?include=input", Answers.Picture(png, "image/png"));

        var prediction = Assert.Single(await Answers.PredictionsAsync(response));
        var rows = prediction.GetProperty("input").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.Equal(28, rows.Length);
        Assert.All(rows, row => Assert.Equal(28, row.Length));
        var field = rows.SelectMany(r => r).ToArray();
        Assert.All(field, v => Assert.InRange(v, 0f, 1f));
        Assert.True(field[0] < 0.01f, "the background reaches the model as 0 (MNIST's polarity), though the picture's is white");
        // The field is the model's input: classifying it directly gives the served answer.
        Answers.AssertSame(Pretrained.Classifier.Predict(field), prediction);
    }

    [Fact]
    public async Task The_model_description_names_classes_shape_normalisation_preprocessing_fingerprint_and_producer()
    {
        await using var host = await ServingHost.StartInProcessAsync(o => o.MaxBatchSize = 8);
        var metadata = Pretrained.Classifier.Metadata;

        var model = await Answers.JsonAsync(await host.Client.GetAsync("/v1/model"));

        Assert.Equal(metadata.NetworkName, model.GetProperty("network").GetString());
        Assert.Equal(metadata.ClassNames, model.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(metadata.InputShape, model.GetProperty("inputShape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(metadata.NormalizationMean, model.GetProperty("normalization").GetProperty("mean").EnumerateArray().Select(d => d.GetSingle()));
        Assert.Equal("digit", model.GetProperty("preprocessing").GetString());
        Assert.Equal(metadata.ArchitectureHash, model.GetProperty("architectureHash").GetString());
        Assert.Matches("^[0-9a-f]{64}$", model.GetProperty("weightsDigest").GetString());
        Assert.Equal(metadata.WeightsDigest, model.GetProperty("weightsDigest").GetString());
        Assert.Equal(metadata.ProducerVersion, model.GetProperty("producerVersion").GetString());
        Assert.Equal(metadata.Temperature, model.GetProperty("confidence").GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(metadata.NotADigitBelow ?? 0, model.GetProperty("confidence").GetProperty("notADigitBelow").GetDouble(), 6);
        Assert.Equal(8, model.GetProperty("batching").GetProperty("maxBatchSize").GetInt32());
        Assert.True(model.GetProperty("batching").GetProperty("enabled").GetBoolean());
        Assert.Equal(DigitServingOptions.DefaultMaxBodyBytes, model.GetProperty("limits").GetProperty("maxBodyBytes").GetInt64());
    }

    [Fact]
    public async Task The_probes_say_live_and_ready()
    {
        await using var host = await ServingHost.StartInProcessAsync();

        using var live = await host.Client.GetAsync("/healthz");
        using var ready = await host.Client.GetAsync("/readyz");

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_api_endpoint_and_the_prediction_body_types()
    {
        await using var host = await ServingHost.StartInProcessAsync();

        var document = await Answers.JsonAsync(await host.Client.GetAsync("/openapi/v1.json"));

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/predict", "/v1/model", "/metrics", "/v2/health/live", "/v2/health/ready", "/v2/models/{name}", "/v2/models/{name}/ready", "/v2/models/{name}/infer" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        var content = paths.GetProperty("/v1/predict").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["image/png", "image/jpeg", "multipart/form-data", "application/json"], content.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Mapping_without_AddDigitClassifier_says_what_to_call()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapDigitClassifier(Pretrained.Classifier));

        Assert.Contains("AddDigitClassifier", error.Message);
    }

    [Fact]
    public async Task A_bad_limit_fails_at_start_naming_the_option()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(builder.WebHost);
        builder.Services.AddDigitClassifier(o => o.MaxBatchSize = 0);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            app.MapDigitClassifier(Pretrained.Classifier);
            await app.StartAsync();
        });

        Assert.Contains("MaxBatchSize", error.Message);
    }
}
