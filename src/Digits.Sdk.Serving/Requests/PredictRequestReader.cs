using System.Text.Json;
using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Pictures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Digits.Sdk.Serving.Requests;

/// <summary>
/// Reads the samples of a <c>POST /v1/predict</c>: one picture as the body (<c>image/png</c>, <c>image/jpeg</c>),
/// several as <c>multipart/form-data</c> parts, or pixels as JSON (<c>{"pixels": [...]}</c> in the model's input
/// shape, or with a leading batch dimension). Every limit is checked before the work it guards.
/// </summary>
internal sealed class PredictRequestReader(ModelInput input, DigitServingOptions options)
{
    /// <summary>The content types the endpoint reads, as messages and the OpenAPI document list them.</summary>
    public static readonly string[] ContentTypes = ["image/png", "image/jpeg", "multipart/form-data", "application/json"];

    private static readonly string Accepted = string.Join(", ", ContentTypes[..^1]) + " or " + ContentTypes[^1];

    /// <summary>The shapes one sample may come in, fixed by the model, so worked out once.</summary>
    private readonly List<long[]> sampleForms = SampleForms(input);

    /// <summary>Reads the samples of <paramref name="request"/>.</summary>
    /// <exception cref="RequestProblem">Anything about the request is wrong; the message says what.</exception>
    public async Task<IReadOnlyList<Sample>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ContentType))
        {
            throw RequestProblem.MissingContentType("the request", Accepted);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } media)
        {
            throw RequestProblem.UnsupportedContentType("the body", request.ContentType, Accepted);
        }

        var picture = PictureFormat.FromMediaType(media);
        var isMultipart = media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        var isJson = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (picture is null && !isMultipart && !isJson)
        {
            throw RequestProblem.UnsupportedContentType("the body", media, Accepted);
        }

        var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (picture is not null)
        {
            return [new Sample(null, ReadPicture(body, picture, "the body"))];
        }

        if (body.Length == 0)
        {
            throw RequestProblem.EmptyBody("the body");
        }

        return isMultipart
            ? await ReadMultipartAsync(body, type, cancellationToken).ConfigureAwait(false)
            : ReadJson(body);
    }

    /// <summary>Checks and prepares one picture as the model's data set was prepared.</summary>
    public float[] ReadPicture(byte[] bytes, PictureFormat format, string what)
    {
        PictureInspector.Inspect(bytes, format, what, options.MaxPicturePixels);
        if (!input.TakesPictures)
        {
            throw RequestProblem.UnsupportedContentType(what, format.MediaType, $"application/json pixels of shape {input.Describe()}: this model does not take pictures");
        }

        // The inference package's decoder decides whether a picture is whole, so the service and DigitClassifier agree.
        var decoded = PictureDecoder.Decode(bytes, out var fault);
        if (decoded is not { } picture)
        {
            throw fault!.Kind == PictureFaultKind.Truncated
                ? RequestProblem.TruncatedPicture(what, fault.Format, fault.Length, fault.Reason)
                : RequestProblem.UndecodablePicture(what, fault.Reason + ".");
        }

        var field = PicturePreprocessor.Prepare(picture.Gray, picture.Height, picture.Width, input.Preprocessing, input.Height, input.Width);
        return input.FromPicture(field);
    }

    private async Task<IReadOnlyList<Sample>> ReadMultipartAsync(byte[] body, MediaTypeHeaderValue type, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            throw RequestProblem.MalformedMultipart("its Content-Type has no boundary parameter.");
        }

        var samples = new List<Sample>();
        var part = 0;
        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false))
        {
            BodyLengthLimit = options.MaxBodyBytes,
        };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (samples.Count == options.MaxFiles)
                {
                    throw RequestProblem.TooManyFiles(samples.Count + 1, options.MaxFiles);
                }

                part++;
                var disposed = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
                var fileName = disposed ? HeaderUtilities.RemoveQuotes(disposition!.FileName).Value : null;
                var name = fileName ?? (disposed ? HeaderUtilities.RemoveQuotes(disposition!.Name).Value : null);
                var partMedia = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? partType.MediaType.Value : null;
                if (fileName is null && (string.IsNullOrWhiteSpace(section.ContentType) || partMedia?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true))
                {
                    // A form's text field (a caption, a token, a checkbox) beside its files: not a picture, and not the client's mistake.
                    continue;
                }

                var what = name is null ? $"part {part}" : $"part {part} ('{name}')";
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                var bytes = content.ToArray();
                samples.Add(new Sample(name, ReadPicture(bytes, PartFormat(section.ContentType, partMedia, bytes, what), what)));
            }
        }
        catch (IOException error)
        {
            throw RequestProblem.MalformedMultipart(error.Message);
        }
        catch (InvalidDataException error)
        {
            throw RequestProblem.MalformedMultipart(error.Message);
        }

        return samples.Count == 0 ? throw RequestProblem.NoFiles() : samples;
    }

    /// <summary>
    /// The picture format of a file part: the one its content type names; or, for a file labelled
    /// <c>application/octet-stream</c> or not labelled at all (what many HTTP clients send for a file), the one its
    /// bytes begin with.
    /// </summary>
    private static PictureFormat PartFormat(string? contentType, string? media, byte[] bytes, string what)
    {
        if (string.IsNullOrWhiteSpace(contentType) || string.Equals(media, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return PictureFormat.Sniff(bytes) ?? (string.IsNullOrWhiteSpace(contentType)
                ? throw RequestProblem.MissingContentType(what, PictureFormat.MediaTypes)
                : throw RequestProblem.UnsupportedContentType(what, contentType, "pictures: " + PictureFormat.MediaTypes + " (its bytes are neither)"));
        }

        return (media is null ? null : PictureFormat.FromMediaType(media))
            ?? throw RequestProblem.UnsupportedContentType(what, contentType, "pictures: " + PictureFormat.MediaTypes);
    }

    private IReadOnlyList<Sample> ReadJson(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException error)
        {
            throw RequestProblem.MalformedJson(error.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("pixels", out var pixels))
            {
                throw RequestProblem.MalformedJson($"expected an object with a \"pixels\" array of intensities in [0, 1] in the model's input shape {input.Describe()}.");
            }

            var (shape, values) = JsonTensor.Read(pixels, "\"pixels\"");
            return Samples(shape, values, "\"pixels\"", "intensities in [0, 1] (0 = background, 1 = ink; divide bytes by 255)");
        }
    }

    /// <summary>
    /// Splits pixels into samples. One sample is the model's input shape (<c>[1, 28, 28]</c>), that shape without its
    /// channel dimension of 1 (<c>[28, 28]</c>, what numpy MNIST code holds), or flat (<c>[784]</c>); a leading batch
    /// dimension in front of any of them makes several (<c>[N, 28, 28]</c>, <c>[N, 784]</c>, <c>[N, 1, 28, 28]</c>).
    /// </summary>
    public IReadOnlyList<Sample> Samples(long[] shape, float[] values, string what, string range)
    {
        var forms = sampleForms;
        int count;
        if (forms.Any(form => shape.AsSpan().SequenceEqual(form)))
        {
            count = 1;
        }
        else if (shape.Length > 1 && shape[0] > 0 && forms.Any(form => shape.AsSpan(1).SequenceEqual(form)))
        {
            if (shape[0] > options.MaxFiles)
            {
                throw RequestProblem.TooManyFiles((int)Math.Min(shape[0], int.MaxValue), options.MaxFiles);
            }

            count = (int)shape[0];
        }
        else
        {
            throw RequestProblem.WrongShape(what, ModelInput.Describe(shape) + $" ({values.Length} values)", $"{input.Describe()} ({input.PixelCount} values){(forms.Count > 1 ? ", also as " + string.Join(" or ", forms.Skip(1).Select(ModelInput.Describe)) : string.Empty)}, optionally with a leading batch dimension");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is < 0 or > 1)
            {
                throw RequestProblem.PixelOutOfRange(what, i, values[i], range);
            }
        }

        var samples = new Sample[count];
        // Every accepted form holds a sample's values in the same row-major order, so samples are cut the same way.
        for (var n = 0; n < count; n++)
        {
            samples[n] = new Sample(null, values.AsSpan(n * input.PixelCount, input.PixelCount).ToArray());
        }

        return samples;
    }

    /// <summary>The shapes one sample may come in: the model's, without leading dimensions of 1, and flat; each once.</summary>
    private static List<long[]> SampleForms(ModelInput input)
    {
        var one = input.Shape.Select(d => (long)d).ToArray();
        var squeezed = one.SkipWhile(d => d == 1).ToArray();
        List<long[]> forms = [one];
        foreach (var form in new[] { squeezed, [input.PixelCount] })
        {
            if (form.Length > 0 && !forms.Any(known => known.AsSpan().SequenceEqual(form)))
            {
                forms.Add(form);
            }
        }

        return forms;
    }
}
