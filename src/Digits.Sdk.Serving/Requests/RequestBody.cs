using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Digits.Sdk.Serving.Requests;

/// <summary>Reads a request body into memory, never more than the service's limit.</summary>
internal static class RequestBody
{
    /// <summary>
    /// Reads the whole body. A declared length over <paramref name="limit"/> is refused before a byte is read; a
    /// chunked body is cut off at the limit. The server's own limit is lowered to ours, so it stops the upload too.
    /// </summary>
    /// <exception cref="RequestProblem">The body is over the limit, or the client stopped or was too slow sending it.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            throw RequestProblem.BodyTooLarge(limit, declared);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // One byte more than ours, so that our own check below is the one that answers, with our message.
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    throw RequestProblem.BodyTooLarge(limit, null);
                }
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw RequestProblem.BodyTooLarge(limit, null);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's words name its own setting (MinRequestBodyDataRate), which a client cannot change.
            throw RequestProblem.BodyTooSlow();
        }
        catch (BadHttpRequestException error)
        {
            // A malformed chunked encoding, or a body that ended before its Content-Length (400).
            throw RequestProblem.SlowOrBrokenClient(error.StatusCode, error.Message);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
