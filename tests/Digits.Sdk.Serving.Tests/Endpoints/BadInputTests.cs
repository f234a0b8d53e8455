using System.Net.Http.Headers;
using System.Text;
using Digits.Sdk.Serving.Tests.TestSupport;

namespace Digits.Sdk.Serving.Tests.Endpoints;

/// <summary>Every kind of bad input is a 4xx RFC 9457 problem that says what is wrong, and the service keeps answering.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private static readonly byte[] Seven = MnistPictures.ToPng(MnistPictures.TestSet.Images[0]);
    private ServingHost host = null!;

    public async Task InitializeAsync() => host = await ServingHost.StartInProcessAsync(o =>
    {
        o.MaxBodyBytes = 64 * 1024;
        o.MaxFiles = 3;
        o.MaxPicturePixels = 1_000_000;
    });

    public async Task DisposeAsync()
    {
        // Whatever a test sent, the service still classifies a good picture afterwards.
        using var response = await host.Client.PostAsync("/v1/predict", Answers.Picture(Seven, "image/png"));
        Assert.Equal(7, Assert.Single(await Answers.PredictionsAsync(response)).GetProperty("label").GetInt32());
        await host.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(HttpContent? content, string path = "/v1/predict")
        => host.Client.PostAsync(path, content);

    [Fact]
    public async Task A_body_without_a_content_type_is_415_listing_the_types_read()
    {
        var content = new ByteArrayContent(Seven);
        using var response = await PostAsync(content);

        var detail = await Answers.ProblemAsync(response, 415, "missing-content-type");
        Assert.Contains("image/png", detail);
        Assert.Contains("multipart/form-data", detail);
    }

    [Fact]
    public async Task A_content_type_the_endpoint_does_not_read_is_415_naming_it()
    {
        using var response = await PostAsync(new StringContent("seven", Encoding.UTF8, "text/plain"));

        Assert.Contains("'text/plain'", await Answers.ProblemAsync(response, 415, "unsupported-content-type"));
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/json")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task An_empty_body_is_400(string contentType)
    {
        using var response = await PostAsync(Answers.Picture([], contentType.Split(';')[0]) is var content && contentType.Contains(';')
            ? WithContentType(new ByteArrayContent([]), contentType)
            : content);

        Assert.Contains("empty", await Answers.ProblemAsync(response, 400, "empty-body"));
    }

    [Fact]
    public async Task Text_posing_as_a_png_is_400_quoting_its_start()
    {
        using var response = await PostAsync(Answers.Picture(Encoding.ASCII.GetBytes("this is not a picture at all"), "image/png"));

        var detail = await Answers.ProblemAsync(response, 400, "not-a-picture");
        Assert.Contains("image/png", detail);
        Assert.Contains("\"this is not a picture at", detail);
    }

    [Fact]
    public async Task Binary_noise_posing_as_a_jpeg_is_400()
    {
        using var response = await PostAsync(Answers.Picture([0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF, 0x10, 0x20, 0x30], "image/jpeg"));

        Assert.Contains("00010203", await Answers.ProblemAsync(response, 400, "not-a-picture"));
    }

    [Fact]
    public async Task A_png_labelled_as_jpeg_is_400_naming_the_right_type()
    {
        using var response = await PostAsync(Answers.Picture(Seven, "image/jpeg"));

        var detail = await Answers.ProblemAsync(response, 400, "mislabelled-picture");
        Assert.Contains("is a PNG picture", detail);
        Assert.Contains("send it as image/png", detail);
    }

    [Fact]
    public async Task A_jpeg_labelled_as_png_is_400()
    {
        using var response = await PostAsync(Answers.Picture(MnistPictures.ToJpeg(MnistPictures.TestSet.Images[0]), "image/png"));

        Assert.Contains("image/jpeg", await Answers.ProblemAsync(response, 400, "mislabelled-picture"));
    }

    [Fact]
    public async Task A_truncated_png_is_400_saying_where_it_stops()
    {
        using var response = await PostAsync(Answers.Picture(Seven[..(Seven.Length / 2)], "image/png"));

        var detail = await Answers.ProblemAsync(response, 400, "truncated-picture");
        Assert.Contains($"after {Seven.Length / 2} bytes", detail);
    }

    [Fact]
    public async Task A_png_cut_inside_its_header_is_400_truncated()
    {
        using var response = await PostAsync(Answers.Picture(Seven[..12], "image/png"));

        Assert.Contains("IHDR", await Answers.ProblemAsync(response, 400, "truncated-picture"));
    }

    [Fact]
    public async Task A_truncated_jpeg_is_400()
    {
        var jpeg = MnistPictures.ToJpeg(MnistPictures.TestSet.Images[0]);

        using var response = await PostAsync(Answers.Picture(jpeg[..(jpeg.Length - 100)], "image/jpeg"));

        Assert.Contains("end-of-image", await Answers.ProblemAsync(response, 400, "truncated-picture"));
    }

    [Fact]
    public async Task A_png_declaring_huge_dimensions_is_refused_before_decoding()
    {
        var bomb = BadPictures.PngDeclaring(50_000, 50_000);
        Assert.True(bomb.Length < 1024, "the bomb is small; only its header is huge");

        using var response = await PostAsync(Answers.Picture(bomb, "image/png"));

        var detail = await Answers.ProblemAsync(response, 413, "picture-too-large");
        Assert.Contains("50,000 × 50,000", detail);
        Assert.Contains("1,000,000", detail);
    }

    [Fact]
    public async Task A_jpeg_declaring_huge_dimensions_is_refused_before_decoding()
    {
        using var response = await PostAsync(Answers.Picture(BadPictures.JpegDeclaring(65_000, 60_000), "image/jpeg"));

        Assert.Contains("65,000 × 60,000", await Answers.ProblemAsync(response, 413, "picture-too-large"));
    }

    [Fact]
    public async Task A_body_declared_over_the_limit_is_413_before_it_is_read()
    {
        using var response = await PostAsync(Answers.Picture(new byte[70 * 1024], "image/png"));

        Assert.Contains("71,680 bytes", await Answers.ProblemAsync(response, 413, "body-too-large"));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_when_it_passes_the_limit()
    {
        var content = new StreamContent(new UnknownLengthStream(new byte[200 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var response = await PostAsync(content);

        Assert.Contains("65,536 bytes", await Answers.ProblemAsync(response, 413, "body-too-large"));
    }

    [Fact]
    public async Task Json_with_the_wrong_pixel_count_is_400_naming_both_shapes()
    {
        using var response = await PostAsync(new StringContent("{\"pixels\": [[0.1, 0.2], [0.3, 0.4]]}", Encoding.UTF8, "application/json"));

        var detail = await Answers.ProblemAsync(response, 400, "wrong-pixel-count");
        Assert.Contains("[2, 2] (4 values)", detail);
        Assert.Contains("[1, 28, 28] (784 values), also as [28, 28] or [784], optionally with a leading batch dimension", detail);
    }

    [Fact]
    public async Task Json_pixels_as_bytes_are_400_saying_to_divide_by_255()
    {
        var pixels = string.Join(",", MnistPictures.TestSet.Images[0].Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        using var response = await PostAsync(new StringContent($"{{\"pixels\": [{pixels}]}}", Encoding.UTF8, "application/json"));

        Assert.Contains("divide bytes by 255", await Answers.ProblemAsync(response, 400, "pixel-out-of-range"));
    }

    [Theory]
    [InlineData("{\"pixels\": [0.1, ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"pixels\": [[0.1], [0.2, 0.3]]}")]
    [InlineData("{\"pixels\": [\"a\"]}")]
    public async Task Malformed_json_is_400(string json)
    {
        using var response = await PostAsync(new StringContent(json, Encoding.UTF8, "application/json"));

        await Answers.ProblemAsync(response, 400, "malformed-json");
    }

    [Fact]
    public async Task More_files_than_the_limit_are_400_naming_the_limit()
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 4; i++)
        {
            form.Add(Answers.Picture(Seven, "image/png"), "file", $"{i}.png");
        }

        using var response = await PostAsync(form);

        Assert.Contains("at most 3", await Answers.ProblemAsync(response, 400, "too-many-files"));
    }

    [Fact]
    public async Task A_json_batch_over_the_file_limit_is_400_too()
    {
        var sample = "[" + string.Join(",", Enumerable.Repeat("[" + string.Join(",", Enumerable.Repeat("0", 28)) + "]", 28)) + "]";
        var batch = "[" + string.Join(",", Enumerable.Repeat("[" + sample + "]", 4)) + "]";

        using var response = await PostAsync(new StringContent($"{{\"pixels\": {batch}}}", Encoding.UTF8, "application/json"));

        await Answers.ProblemAsync(response, 400, "too-many-files");
    }

    [Fact]
    public async Task A_multipart_file_that_is_not_a_picture_is_415_naming_the_part()
    {
        using var form = new MultipartFormDataContent
        {
            { Answers.Picture(Seven, "image/png"), "file", "seven.png" },
            { new StringContent("a note"), "file", "notes.txt" },
        };

        using var response = await PostAsync(form);

        Assert.Contains("Part 2 ('notes.txt')", await Answers.ProblemAsync(response, 415, "unsupported-content-type"));
    }

    [Fact]
    public async Task A_forms_text_fields_are_ignored_and_a_file_sent_as_octet_stream_is_read_by_its_bytes()
    {
        var octets = new ByteArrayContent(Seven);
        octets.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a caption"), "caption" },
            { octets, "file", "seven.png" },
            { new StringContent("42"), "request" },
        };

        using var response = await PostAsync(form);

        var prediction = Assert.Single(await Answers.PredictionsAsync(response));
        Assert.Equal("seven.png", prediction.GetProperty("name").GetString());
        Answers.AssertSame(Pretrained.Classifier.PredictImage(new MemoryStream(Seven)), prediction);
    }

    [Fact]
    public async Task A_file_sent_as_octet_stream_that_is_no_picture_is_415_saying_so()
    {
        var octets = new ByteArrayContent(Encoding.ASCII.GetBytes("not a picture at all"));
        octets.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { octets, "file", "data.bin" } };

        using var response = await PostAsync(form);

        Assert.Contains("its bytes are neither", await Answers.ProblemAsync(response, 415, "unsupported-content-type"));
    }

    [Fact]
    public async Task A_multipart_body_without_parts_is_400()
    {
        using var response = await PostAsync(WithContentType(new StringContent("--x--\r\n"), "multipart/form-data; boundary=x"));

        await Answers.ProblemAsync(response, 400, "no-files");
    }

    [Fact]
    public async Task A_multipart_content_type_without_a_boundary_is_400()
    {
        using var response = await PostAsync(WithContentType(new StringContent("--x\r\n"), "multipart/form-data"));

        Assert.Contains("boundary", await Answers.ProblemAsync(response, 400, "malformed-multipart"));
    }

    [Fact]
    public async Task A_broken_multipart_body_is_400()
    {
        using var response = await PostAsync(WithContentType(new StringContent("--x\r\nContent-Type: image/png\r\n\r\nnot finished"), "multipart/form-data; boundary=x"));

        await Answers.ProblemAsync(response, 400, "malformed-multipart");
    }

    [Fact]
    public async Task A_picture_inside_a_multipart_part_is_checked_like_a_body()
    {
        using var form = new MultipartFormDataContent
        {
            { Answers.Picture(Seven, "image/png"), "file", "seven.png" },
            { Answers.Picture(Encoding.ASCII.GetBytes("hello"), "image/png"), "file", "hello.png" },
        };

        using var response = await PostAsync(form);

        Assert.Contains("Part 2 ('hello.png')", await Answers.ProblemAsync(response, 400, "not-a-picture"));
    }

    [Fact]
    public async Task Problems_are_counted_by_code_in_the_metrics()
    {
        using (await PostAsync(Answers.Picture(Seven[..20], "image/png")))
        {
        }

        Assert.Equal(1, await host.Metrics.ValueAsync("digits_requests_total{endpoint=\"/v1/predict\",outcome=\"truncated-picture\"}"));
    }

    private static HttpContent WithContentType(HttpContent content, string contentType)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A stream that does not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
