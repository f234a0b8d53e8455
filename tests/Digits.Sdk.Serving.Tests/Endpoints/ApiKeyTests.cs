using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Digits.Sdk.Serving.Security;
using Digits.Sdk.Serving.Tests.TestSupport;

namespace Digits.Sdk.Serving.Tests.Endpoints;

/// <summary>
/// A service with API keys: predictions and the Open Inference Protocol need an accepted key (401 without one, 403 with
/// a wrong one, each in the endpoint's own error form); the probes and the page stay open; operations by choice.
/// </summary>
public sealed class ApiKeyTests
{
    private const string Key = "k-0123456789abcdef0123456789abcdef";
    private static readonly byte[] Seven = MnistPictures.ToPng(MnistPictures.TestSet.Images[0]);

    [Fact]
    public async Task Without_a_key_predictions_are_401_with_the_bearer_challenge_and_a_wrong_key_is_403()
    {
        await using var host = await ServingHost.StartInProcessAsync(o => o.ApiKeys = ApiKeys.Of(Key));

        using var missing = await host.Client.PostAsync("/v1/predict", Answers.Picture(Seven, "image/png"));
        using var wrong = await SendAsync(host, "/v1/predict", "X-API-Key", "k-not-the-right-key-at-all-0000");

        Assert.Contains("Authorization: Bearer <key>", await Answers.ProblemAsync(missing, 401, "missing-api-key"));
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
        await Answers.ProblemAsync(wrong, 403, "wrong-api-key");
    }

    [Theory]
    [InlineData("Authorization", "Bearer " + Key)]
    [InlineData("X-API-Key", Key)]
    public async Task The_right_key_in_either_header_gets_the_prediction(string header, string value)
    {
        await using var host = await ServingHost.StartInProcessAsync(o => o.ApiKeys = ApiKeys.Of("k-another-key-that-is-long-enough", Key));

        using var response = await SendAsync(host, "/v1/predict", header, value);

        Answers.AssertSame(Pretrained.Classifier.PredictImage(new MemoryStream(Seven)), Assert.Single(await Answers.PredictionsAsync(response)));
    }

    [Fact]
    public async Task The_open_inference_protocol_refuses_with_its_own_error_object()
    {
        await using var host = await ServingHost.StartInProcessAsync(o => o.ApiKeys = ApiKeys.Of(Key));

        using var response = await host.Client.GetAsync($"/v2/models/{Pretrained.Classifier.Metadata.NetworkName}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await Answers.JsonAsync(response);
        Assert.Equal(["error"], error.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Probes_and_the_page_stay_open_and_operations_close_only_when_asked()
    {
        await using var open = await ServingHost.StartInProcessAsync(o => o.ApiKeys = ApiKeys.Of(Key));
        await using var closed = await ServingHost.StartInProcessAsync(o => { o.ApiKeys = ApiKeys.Of(Key); o.ProtectOperations = true; });

        foreach (var path in new[] { "/healthz", "/readyz", "/", "/metrics", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.OK, (await open.Client.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await closed.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await closed.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await closed.Client.GetAsync("/openapi/v1.json")).StatusCode);
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Add("X-API-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await closed.Client.SendAsync(metrics)).StatusCode);
    }

    [Fact]
    public void A_key_file_takes_keys_and_their_hashes_skips_comments_and_names_a_bad_line()
    {
        var folder = Directory.CreateTempSubdirectory("digits-keys-").FullName;
        try
        {
            var hashed = "k-only-its-hash-is-in-the-file-0001";
            var good = Path.Combine(folder, "keys.txt");
            File.WriteAllLines(good, ["# operators' keys", "", Key, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashed)))]);
            var bad = Path.Combine(folder, "bad.txt");
            File.WriteAllLines(bad, [Key, "sha256:abc"]);

            var keys = ApiKeys.FromFile(good);

            Assert.Equal(2, keys.Count);
            Assert.True(keys.Accepts(Key));
            Assert.True(keys.Accepts(hashed));
            Assert.False(keys.Accepts("k-0123456789abcdef0123456789abcdeF"));
            Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => ApiKeys.FromFile(bad)).Message);
            Assert.Contains("at least 16 characters", Assert.Throws<ArgumentException>(() => ApiKeys.Of("short")).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(ServingHost host, string path, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Answers.Picture(Seven, "image/png") };
        request.Headers.TryAddWithoutValidation(header, value);
        return await host.Client.SendAsync(request);
    }
}
