using System.Globalization;
using System.Text.RegularExpressions;
using Digits.Sdk.Serving.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;

namespace Digits.Sdk.Serving.Tests.Endpoints;

public sealed partial class MetricsAndPageTests
{
    [Fact]
    public async Task Metrics_count_requests_by_outcome_their_latency_and_batch_sizes_in_prometheus_text()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        var png = MnistPictures.ToPng(MnistPictures.TestSet.Images[0]);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await host.Client.PostAsync("/v1/predict", Answers.Picture(png, "image/png"));
            ok.EnsureSuccessStatusCode();
        }

        using (await host.Client.PostAsync("/v1/predict", Answers.Picture([], "image/png")))
        {
        }

        using var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        // Every line is a comment or a sample in the exposition format's grammar.
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(ExpositionLine(), line));
        var samples = await host.Metrics.ScrapeAsync();
        Assert.Equal(3, samples["digits_requests_total{endpoint=\"/v1/predict\",outcome=\"ok\"}"]);
        Assert.Equal(1, samples["digits_requests_total{endpoint=\"/v1/predict\",outcome=\"empty-body\"}"]);
        Assert.Equal(4, samples["digits_request_duration_seconds_count{endpoint=\"/v1/predict\"}"]);
        Assert.Equal(4, samples["digits_request_duration_seconds_bucket{endpoint=\"/v1/predict\",le=\"+Inf\"}"]);
        Assert.True(samples["digits_request_duration_seconds_sum{endpoint=\"/v1/predict\"}"] > 0);
        Assert.Equal(3, samples["digits_batch_size_count"]);
        Assert.Equal(3, samples["digits_batch_size_bucket{le=\"1\"}"]);
        // Buckets are cumulative.
        var buckets = samples.Where(s => s.Key.StartsWith("digits_request_duration_seconds_bucket", StringComparison.Ordinal)).Select(s => s.Value).ToArray();
        Assert.Equal(buckets.Order(), buckets);
        Assert.Contains("# TYPE digits_request_duration_seconds histogram", text);
        Assert.Contains("# TYPE digits_requests_total counter", text);
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_assembly_with_nothing_from_elsewhere()
    {
        await using var host = await ServingHost.StartInProcessAsync();

        using var page = await host.Client.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        var css = await host.Client.GetStringAsync("/page/page.css");
        var script = await host.Client.GetStringAsync("/page/page.js");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<canvas id=\"pad\"", html);
        Assert.Contains("page/page.js", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("pointerdown", script);
        Assert.Contains("v1/predict?include=input", script);
        foreach (var asset in new[] { html, css, script })
        {
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", asset);
            Assert.DoesNotContain("@import", asset);
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.Client.GetAsync("/page/missing.js")).StatusCode);
    }

    [Fact]
    public async Task The_page_has_an_icon_and_favicon_ico_answers_with_it()
    {
        await using var host = await ServingHost.StartInProcessAsync();

        using var favicon = await host.Client.GetAsync("/favicon.ico");
        var html = await host.Client.GetStringAsync("/");

        Assert.Equal(System.Net.HttpStatusCode.OK, favicon.StatusCode);
        Assert.Equal("image/svg+xml", favicon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await favicon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("rel=\"icon\" href=\"page/icon.svg\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_dark_mode_the_label_colour_has_at_least_the_contrast_wcag_asks_of_large_text()
    {
        await using var host = await ServingHost.StartInProcessAsync();
        var css = await host.Client.GetStringAsync("/page/page.css");

        // Chromium's dark canvas is #121212; WCAG 2.1 asks 3:1 for large text such as the 3rem label.
        var dark = Regex.Match(css, @"prefers-color-scheme: dark\)\s*\{\s*:root\s*\{[^}]*--ink:\s*#([0-9a-fA-F]{6})");
        Assert.True(dark.Success, "The page sets no --ink for the dark scheme.");
        var light = Regex.Match(css, @"^:root \{[^}]*--ink:\s*#([0-9a-fA-F]{6})", RegexOptions.Multiline);
        Assert.True(Contrast(dark.Groups[1].Value, "121212") >= 4.5, $"#{dark.Groups[1].Value} on #121212: {Contrast(dark.Groups[1].Value, "121212"):F2}:1");
        Assert.True(Contrast(light.Groups[1].Value, "ffffff") >= 4.5, $"#{light.Groups[1].Value} on white: {Contrast(light.Groups[1].Value, "ffffff"):F2}:1");
    }

    /// <summary>WCAG 2.1's contrast ratio of two sRGB colours given in hexadecimal.</summary>
    private static double Contrast(string foreground, string background)
    {
        static double Luminance(string hex)
        {
            double Channel(int offset)
            {
                var c = Convert.ToInt32(hex.Substring(offset, 2), 16) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
        }

        var (a, b) = (Luminance(foreground), Luminance(background));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    [Fact]
    public async Task Mapped_under_a_prefix_every_endpoint_and_the_page_live_under_it()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(builder.WebHost);
        builder.Services.AddDigitClassifier();
        await using var app = builder.Build();
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGroup(app, "/digits").MapDigitClassifier(Pretrained.Classifier);
        await app.StartAsync();
        using var client = app.GetTestClient();
        var png = MnistPictures.ToPng(MnistPictures.TestSet.Images[0]);

        using var predicted = await client.PostAsync("/digits/v1/predict", Answers.Picture(png, "image/png"));
        using var page = await client.GetAsync("/digits/");
        using var withoutSlash = await client.GetAsync("/digits");

        Answers.AssertSame(Pretrained.Classifier.PredictImage(new MemoryStream(png)), Assert.Single(await Answers.PredictionsAsync(predicted)));
        Assert.Contains("<canvas id=\"pad\"", await page.Content.ReadAsStringAsync());
        // Relative links need the trailing slash: the page sends a browser there.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, withoutSlash.StatusCode);
        Assert.Equal("/digits/", withoutSlash.Headers.Location?.OriginalString);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/digits/page/page.js")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/digits/readyz")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/digits/openapi/v1.json")).StatusCode);
        await app.StopAsync();
    }

    [GeneratedRegex("""^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.eE+-]+)$""")]
    private static partial Regex ExpositionLine();
}
