using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Digits.Sdk.Serving.Tests.TestSupport;

namespace Digits.Sdk.Serving.Tests.OpenInference;

/// <summary>
/// The Open Inference Protocol's REST API (KServe v2) as its specification documents the request, response and error
/// shapes: health as status codes with <c>{"live"}</c> / <c>{"ready"}</c>, model metadata with tensor descriptions,
/// inference with named, shaped, typed tensors, and errors as <c>{"error": "…"}</c> with a 4xx status.
/// </summary>
public sealed class OpenInferenceProtocolTests : IAsyncLifetime
{
    private static readonly (byte[][] Images, byte[] Labels) Mnist = MnistPictures.TestSet;
    private ServingHost host = null!;

    private static string Model => Pretrained.Classifier.Metadata.NetworkName;

    public async Task InitializeAsync() => host = await ServingHost.StartInProcessAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Server_live_and_ready_are_200_with_their_booleans()
    {
        using var live = await host.Client.GetAsync("/v2/health/live");
        using var ready = await host.Client.GetAsync("/v2/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True((await Answers.JsonAsync(live)).GetProperty("live").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True((await Answers.JsonAsync(ready)).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Server_metadata_has_name_version_and_extensions()
    {
        var metadata = await Answers.JsonAsync(await host.Client.GetAsync("/v2"));

        Assert.Equal("digits", metadata.GetProperty("name").GetString());
        Assert.Equal(Pretrained.Classifier.Metadata.ProducerVersion, metadata.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Array, metadata.GetProperty("extensions").ValueKind);
    }

    [Fact]
    public async Task Model_metadata_describes_the_input_and_output_tensors_with_a_variable_batch()
    {
        var metadata = await Answers.JsonAsync(await host.Client.GetAsync($"/v2/models/{Model}"));

        Assert.Equal(Model, metadata.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("platform").GetString()));
        var input = Assert.Single(metadata.GetProperty("inputs").EnumerateArray());
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1, 1, 28, 28], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var outputs = metadata.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal("FP32", outputs["probabilities"].GetProperty("datatype").GetString());
        Assert.Equal([-1, 10], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("INT64", outputs["label"].GetProperty("datatype").GetString());
        Assert.Equal("BYTES", outputs["verdict"].GetProperty("datatype").GetString());
        Assert.Equal([-1], outputs["verdict"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public async Task Model_ready_is_200_with_ready_true()
    {
        using var response = await host.Client.GetAsync($"/v2/models/{Model}/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await Answers.JsonAsync(response)).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Infer_with_flat_FP32_data_returns_both_outputs_and_echoes_the_id()
    {
        var data = Mnist.Images.Take(3).SelectMany(image => image.Select(p => p / 255f)).ToArray();
        var request = new { id = "request-42", inputs = new[] { new { name = "input", shape = new[] { 3, 1, 28, 28 }, datatype = "FP32", data } } };

        using var response = await host.Client.PostAsJsonAsync($"/v2/models/{Model}/infer", request);

        var answer = await Answers.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Model, answer.GetProperty("model_name").GetString());
        Assert.Equal("request-42", answer.GetProperty("id").GetString());
        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal([3, 10], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("FP32", outputs["probabilities"].GetProperty("datatype").GetString());
        var probabilities = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var labels = outputs["label"].GetProperty("data").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var verdicts = outputs["verdict"].GetProperty("data").EnumerateArray().Select(v => v.GetString()).ToArray();
        for (var n = 0; n < 3; n++)
        {
            var expected = Pretrained.Classifier.Predict(Mnist.Images[n]);
            Assert.Equal(expected.Label, labels[n]);
            Assert.Equal(Digits.Sdk.Inference.PredictionVerdictNames.Of(expected.Verdict), verdicts[n]);
            for (var k = 0; k < 10; k++)
            {
                Assert.True(Math.Abs(expected.Probabilities[k] - probabilities[(n * 10) + k]) < 1e-5);
            }
        }
    }

    [Fact]
    public async Task Infer_accepts_nested_data_and_UINT8_bytes()
    {
        var image = Mnist.Images[5];
        var nested = new[] { new[] { Enumerable.Range(0, 28).Select(y => Enumerable.Range(0, 28).Select(x => (int)image[(y * 28) + x]).ToArray()).ToArray() } };
        var request = new { inputs = new[] { new { name = "input", shape = new[] { 1, 1, 28, 28 }, datatype = "UINT8", data = nested } }, outputs = new[] { new { name = "label" } } };

        using var response = await host.Client.PostAsJsonAsync($"/v2/models/{Model}/infer", request);

        var answer = await Answers.JsonAsync(response);
        var output = Assert.Single(answer.GetProperty("outputs").EnumerateArray());
        Assert.Equal("label", output.GetProperty("name").GetString());
        Assert.Equal(Pretrained.Classifier.Predict(image).Label, output.GetProperty("data")[0].GetInt64());
        Assert.False(answer.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task An_unknown_model_is_404_with_the_protocols_error_object()
    {
        using var response = await host.Client.GetAsync("/v2/models/resnet50");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"this server serves '{Model}'", await ErrorAsync(response));
    }

    [Fact]
    public async Task The_served_version_answers_on_the_versioned_paths_as_on_the_plain_ones()
    {
        var data = Mnist.Images[0].Select(p => p / 255f).ToArray();
        var request = new { id = "v1", inputs = new[] { new { name = "input", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", data } } };

        var metadata = await Answers.JsonAsync(await host.Client.GetAsync($"/v2/models/{Model}/versions/1"));
        using var ready = await host.Client.GetAsync($"/v2/models/{Model}/versions/1/ready");
        using var inferred = await host.Client.PostAsJsonAsync($"/v2/models/{Model}/versions/1/infer", request);

        Assert.Equal(["1"], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var answer = await Answers.JsonAsync(inferred);
        Assert.Equal("1", answer.GetProperty("model_version").GetString());
        Assert.Equal("v1", answer.GetProperty("id").GetString());
        var label = answer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "label");
        Assert.Equal(Pretrained.Classifier.Predict(Mnist.Images[0]).Label, label.GetProperty("data")[0].GetInt64());
    }

    [Fact]
    public async Task Another_version_or_an_unknown_path_under_v2_is_404_with_the_protocols_error_object()
    {
        using var version = await host.Client.GetAsync($"/v2/models/{Model}/versions/7");
        using var path = await host.Client.GetAsync("/v2/repository/index");

        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
        Assert.Contains("has no version '7'; this server serves version 1 only", await ErrorAsync(version));
        Assert.Equal(HttpStatusCode.NotFound, path.StatusCode);
        Assert.Contains("no Open Inference Protocol endpoint '/v2/repository/index'", await ErrorAsync(path));
    }

    [Theory]
    [InlineData("42", "number 42")]
    [InlineData("{\"a\": 1}", "object")]
    [InlineData("true", "true")]
    public async Task An_id_that_is_not_a_string_is_400_rather_than_dropped(string id, string expected)
    {
        var body = "{\"id\": " + id + ", \"inputs\": [{\"name\": \"input\", \"shape\": [1, 1, 28, 28], \"datatype\": \"UINT8\", \"data\": [" + string.Join(",", new int[784]) + "]}]}";

        using var response = await host.Client.PostAsync($"/v2/models/{Model}/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Contains("\"id\" must be a string", error);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 784], \"datatype\": \"FP32\", \"data\": [0]}]}", "[N, 1, 28, 28]")]
    [InlineData("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 1, 28, 28], \"datatype\": \"FP32\", \"data\": [0, 0]}]}", "784 values")]
    [InlineData("{\"inputs\": [{\"name\": \"image\", \"shape\": [1, 1, 28, 28], \"datatype\": \"FP32\", \"data\": [0]}]}", "Unknown input 'image'")]
    [InlineData("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 1, 28, 28], \"datatype\": \"FP64\", \"data\": [0]}]}", "'FP64'")]
    [InlineData("{\"inputs\": []}", "has 0 inputs")]
    [InlineData("{\"outputs\": []}", "no \"inputs\"")]
    [InlineData("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 1, 28, 28], \"datatype\": \"FP32\", \"data\": [0]}], \"outputs\": [{\"name\": \"logits\"}]}", "Unknown output 'logits'")]
    [InlineData("{\"inputs\": [", "JSON")]
    public async Task A_bad_inference_request_is_400_with_the_protocols_error_object(string body, string expected)
    {
        using var response = await host.Client.PostAsync($"/v2/models/{Model}/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ErrorAsync(response));
    }

    [Fact]
    public async Task FP32_data_outside_zero_to_one_is_400_naming_the_index()
    {
        var data = new float[784];
        data[100] = 3f;
        var request = new { inputs = new[] { new { name = "input", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", data } } };

        using var response = await host.Client.PostAsJsonAsync($"/v2/models/{Model}/infer", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("index 100", await ErrorAsync(response));
    }

    [Fact]
    public async Task A_non_json_inference_request_is_415_with_the_protocols_error_object()
    {
        using var response = await host.Client.PostAsync($"/v2/models/{Model}/infer", Answers.Picture([1, 2, 3], "image/png"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await ErrorAsync(response));
    }

    /// <summary>The protocol's error: a JSON object whose only member is the string "error".</summary>
    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await Answers.JsonAsync(response);
        Assert.Equal(["error"], error.EnumerateObject().Select(p => p.Name));
        return error.GetProperty("error").GetString()!;
    }
}
