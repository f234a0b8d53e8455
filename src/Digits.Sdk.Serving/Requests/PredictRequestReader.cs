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

                var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                    : null;
                var what = name is null ? $"part {samples.Count + 1}" : $"part {samples.Count + 1} ('{name}')";
                if (string.IsNullOrWhiteSpace(section.ContentType))
                {
                    throw RequestProblem.MissingContentType(what, PictureFormat.MediaTypes);
                }

                var format = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) && partType.MediaType.Value is { } partMedia
                    ? PictureFormat.FromMediaType(partMedia)
                    : null;
                if (format is null)
                {
                    throw RequestProblem.UnsupportedContentType(what, section.ContentType, "pictures: " + PictureFormat.MediaTypes);
                }

                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                samples.Add(new Sample(name, ReadPicture(content.ToArray(), format, what)));
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
    /// Splits pixels into samples: the model's input shape is one sample, a leading batch dimension makes several, and
    /// a flat array of exactly one sample's values is one sample too.
    /// </summary>
    public IReadOnlyList<Sample> Samples(long[] shape, float[] values, string what, string range)
    {
        var one = input.Shape.Select(d => (long)d).ToArray();
        int count;
        if (shape.SequenceEqual(one) || (shape.Length == 1 && shape[0] == input.PixelCount))
        {
            count = 1;
        }
        else if (shape.Length == one.Length + 1 && shape.AsSpan(1).SequenceEqual(one) && shape[0] > 0)
        {
            if (shape[0] > options.MaxFiles)
            {
                throw RequestProblem.TooManyFiles((int)Math.Min(shape[0], int.MaxValue), options.MaxFiles);
            }

            count = (int)shape[0];
        }
        else
        {
            throw RequestProblem.WrongShape(what, ModelInput.Describe(shape) + $" ({values.Length} values)", $"{input.Describe()} ({input.PixelCount} values), optionally with a leading batch dimension");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is < 0 or > 1)
            {
                throw RequestProblem.PixelOutOfRange(what, i, values[i], range);
            }
        }

        var samples = new Sample[count];
        for (var n = 0; n < count; n++)
        {
            samples[n] = new Sample(null, values.AsSpan(n * input.PixelCount, input.PixelCount).ToArray());
        }

        return samples;
    }
}
