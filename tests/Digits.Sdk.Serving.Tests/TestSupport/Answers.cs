using System.Net.Http.Headers;
using System.Text.Json;
using Digits.Sdk.Inference;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>Requests and answers of the /v1 API as a client writes and reads them.</summary>
internal static class Answers
{
    public static ByteArrayContent Picture(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The predictions of a successful <c>/v1/predict</c>, failing with the body when it was not one.</summary>
    public static async Task<JsonElement[]> PredictionsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.Clone()).ToArray();
    }

    public static float[] Probabilities(JsonElement prediction)
        => prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();

    /// <summary>The served answer is the direct one: the same label, and probabilities within float rounding of a batch.</summary>
    public static void AssertSame(Prediction expected, JsonElement actual)
    {
        Assert.Equal(expected.Label, actual.GetProperty("label").GetInt32());
        Assert.Equal(expected.ClassName, actual.GetProperty("className").GetString());
        Assert.Equal(Digits.Sdk.Inference.PredictionVerdictNames.Of(expected.Verdict), actual.GetProperty("verdict").GetString());
        var probabilities = Probabilities(actual);
        Assert.Equal(expected.Probabilities.Count, probabilities.Length);
        for (var i = 0; i < probabilities.Length; i++)
        {
            Assert.True(Math.Abs(expected.Probabilities[i] - probabilities[i]) < 1e-5, $"class {i}: {expected.Probabilities[i]} served as {probabilities[i]}");
        }
    }

    /// <summary>Checks an RFC 9457 problem: its status, media type and code, and returns its detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        return root.GetProperty("detail").GetString()!;
    }
}
