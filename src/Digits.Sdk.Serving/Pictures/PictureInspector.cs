using System.Buffers.Binary;
using System.Text;
using Digits.Sdk.Serving.Requests;

namespace Digits.Sdk.Serving.Pictures;

/// <summary>
/// Checks an uploaded picture before anything decodes it: that it is the format its content type says and that the
/// dimensions its header declares are within the limit. Only the header is read, so a decompression bomb (a small file
/// that declares a gigapixel) costs nothing. Whether the picture is whole is the decoder's to say
/// (<see cref="Inference.PictureDecoder"/>), as it is for <see cref="Inference.DigitClassifier"/>.
/// </summary>
internal static class PictureInspector
{
    /// <summary>Checks <paramref name="bytes"/>, labelled <paramref name="declared"/>, and returns its declared dimensions.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="declared">The format its content type names.</param>
    /// <param name="what">How messages name it: "the body", "part 2 ('seven.png')".</param>
    /// <param name="maxPixels">The most pixels it may declare.</param>
    /// <exception cref="RequestProblem">It is empty, not a picture, another format, cut off inside its header, or too large.</exception>
    public static (long Width, long Height) Inspect(ReadOnlySpan<byte> bytes, PictureFormat declared, string what, long maxPixels)
    {
        if (bytes.IsEmpty)
        {
            throw RequestProblem.EmptyBody(what);
        }

        var actual = PictureFormat.Sniff(bytes);
        if (actual is null)
        {
            throw RequestProblem.NotAPicture(what, declared.MediaType, DescribeStart(bytes));
        }

        if (actual != declared)
        {
            throw RequestProblem.MislabelledPicture(what, declared.MediaType, actual.Name, actual.MediaType);
        }

        var (width, height) = actual == PictureFormat.Png ? PngSize(bytes, what) : JpegSize(bytes, what);
        if (width <= 0 || height <= 0)
        {
            throw RequestProblem.UndecodablePicture(what, $"its header declares {width} × {height} pixels.");
        }

        if (width * height > maxPixels)
        {
            throw RequestProblem.PictureTooLarge(what, width, height, maxPixels);
        }

        return (width, height);
    }

    /// <summary>The IHDR chunk is the first, right after the signature: length, "IHDR", width, height (big-endian).</summary>
    private static (long Width, long Height) PngSize(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length < 24)
        {
            throw RequestProblem.TruncatedPicture(what, "PNG", bytes.Length, "its IHDR chunk, which holds the dimensions, is missing");
        }

        if (!bytes[12..16].SequenceEqual("IHDR"u8))
        {
            throw RequestProblem.UndecodablePicture(what, "its first chunk is not IHDR, as the PNG specification requires.");
        }

        return (BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]));
    }

    /// <summary>Walks the markers to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC), which holds the dimensions.</summary>
    private static (long Width, long Height) JpegSize(ReadOnlySpan<byte> bytes, string what)
    {
        var offset = 2;
        while (offset + 4 <= bytes.Length)
        {
            if (bytes[offset] != 0xFF)
            {
                throw RequestProblem.UndecodablePicture(what, $"no JPEG marker at offset {offset} where one should be.");
            }

            var marker = bytes[offset + 1];
            if (marker == 0xFF)
            {
                // Fill bytes may precede a marker.
                offset++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (offset + 9 > bytes.Length)
                {
                    break;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 7)..]);
                return (width, height);
            }

            if (marker == 0xDA || length < 2)
            {
                throw RequestProblem.UndecodablePicture(what, $"it has no frame header before offset {offset}.");
            }

            offset += 2 + length;
        }

        throw RequestProblem.TruncatedPicture(what, "JPEG", bytes.Length, "its frame header, which holds the dimensions, is missing");
    }

    /// <summary>What a body that is not a picture starts with: quoted text if it reads as text, else hex bytes.</summary>
    private static string DescribeStart(ReadOnlySpan<byte> bytes)
    {
        var start = bytes[..Math.Min(bytes.Length, 24)];
        if (IsTextual(start))
        {
            var text = Encoding.ASCII.GetString(start).ReplaceLineEndings(" ");
            return $"text (\"{text}{(bytes.Length > start.Length ? "…" : string.Empty)}\")";
        }

        return "the bytes " + Convert.ToHexString(start[..Math.Min(start.Length, 8)]).ToLowerInvariant() + " rather than its format's signature";
    }

    private static bool IsTextual(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not (>= 0x20 and <= 0x7E) and not (byte)'\r' and not (byte)'\n' and not (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }
}
