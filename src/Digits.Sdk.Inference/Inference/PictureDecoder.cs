using System.Buffers.Binary;
using System.Globalization;
using SkiaSharp;

namespace Digits.Sdk.Inference;

/// <summary>
/// Decodes a picture file (PNG, JPEG, BMP, GIF, WebP) to grayscale intensities, whatever its colour type, and is the one
/// place that decides whether a picture is whole: a file cut short or only partly decodable is refused, never
/// classified from the part that decoded. The library and the HTTP service both ask it.
/// </summary>
/// <remarks>
/// SkiaSharp says when a file stops before its pixels do (<see cref="SKCodecResult.IncompleteInput"/>) or when its data
/// is invalid (<see cref="SKCodecResult.ErrorInInput"/>, <see cref="SKCodecResult.InvalidInput"/>). It does not notice
/// a file that stops after the last pixel but before the format's end: a PNG without its IEND chunk, a GIF without its
/// trailer, a WebP shorter than its RIFF header declares. Those are checked here from the format's own structure.
/// </remarks>
internal static class PictureDecoder
{
    /// <summary>
    /// The most pixels a picture may have: 64 megapixels, more than any camera's photo. The decoded picture and its
    /// preprocessing cost tens of bytes a pixel, and a header can claim any size in a few bytes.
    /// </summary>
    internal const long MaxPixels = 64L << 20;

    /// <summary>
    /// The most pixels a picture may claim per byte of its file. A real picture, even a blank page, needs far more bytes
    /// than this (deflate, for one, expands at most 1032:1); a file that claims more is damaged or made to exhaust memory,
    /// and is refused before its pixels are allocated.
    /// </summary>
    internal const long MaxPixelsPerByte = 16384;

    /// <summary>How far from its end a JPEG's end-of-image marker is looked for when naming why it did not decode.</summary>
    private const int JpegTrailerWindow = 64;

    /// <summary>Decodes <paramref name="image"/> to row-major grayscale in [0, 1] (0 = black, 1 = white).</summary>
    /// <param name="image">The encoded picture, read to its end.</param>
    /// <param name="source">How messages name it: a quoted path (<c>'seven.png'</c>) or a description.</param>
    /// <exception cref="InvalidDataException">
    /// The stream is not a picture SkiaSharp can decode, is cut short or damaged, or claims more pixels than it can hold.
    /// </exception>
    public static (float[] Gray, int Height, int Width) Decode(Stream image, string source)
    {
        // The file is read whole and handed to Skia as native memory: its length then bounds what the header may claim,
        // and Skia skips within it by pointer. Through a managed stream wrapper a BMP whose pixel offset pointed 486 MB
        // ahead made SkiaSharp allocate the skipped bytes (found by fuzzing).
        using var file = new MemoryStream(image.CanSeek ? (int)Math.Clamp(image.Length - image.Position, 0, Array.MaxLength) : 0);
        image.CopyTo(file);
        var picture = Decode(file.GetBuffer().AsSpan(0, (int)file.Length), out var fault);
        return picture ?? throw fault!.ToException(source);
    }

    /// <summary>
    /// Decodes a whole picture file, or says why it cannot: the form for callers that report kinds of faults their own
    /// way (the HTTP service answers a truncated picture with its own problem code).
    /// </summary>
    /// <param name="file">The whole file.</param>
    /// <param name="fault">Why the picture cannot be read, when the result is <see langword="null"/>.</param>
    /// <returns>Row-major grayscale in [0, 1], or <see langword="null"/> with a <paramref name="fault"/>.</returns>
    public static (float[] Gray, int Height, int Width)? Decode(ReadOnlySpan<byte> file, out PictureFault? fault)
    {
        var format = Announced(file);
        using var data = SKData.CreateCopy(file);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var created);
        if (codec is null)
        {
            // SkiaSharp answers "Unimplemented" for a format it has no codec for: to a user, not a picture format we read.
            fault = created == SKCodecResult.Unimplemented && format is null
                ? new PictureFault(PictureFaultKind.UnknownFormat, "picture", file.Length, "no decoder knows its format")
                : Failed(file, format ?? "picture", created, "its header cannot be read");
            return null;
        }

        var pixels = (long)codec.Info.Width * codec.Info.Height;
        // WBMP has one encoding, a bit per pixel, so its bound is exact (found by fuzzing: 22 KB claiming 23 megapixels).
        var perByte = codec.EncodedFormat == SKEncodedImageFormat.Wbmp ? 8 : MaxPixelsPerByte;
        var limit = Math.Min(MaxPixels, file.Length * perByte);
        if (pixels > limit)
        {
            fault = new PictureFault(
                PictureFaultKind.TooLarge,
                format ?? codec.EncodedFormat.ToString().ToUpperInvariant(),
                file.Length,
                string.Create(CultureInfo.InvariantCulture, $"it claims to be {codec.Info.Width}×{codec.Info.Height} pixels, more than ")
                + (pixels > MaxPixels
                    ? string.Create(CultureInfo.InvariantCulture, $"the {MaxPixels:N0} this decoder accepts")
                    : string.Create(CultureInfo.InvariantCulture, $"its {file.Length:N0} bytes can hold ({perByte:N0} pixels a byte at most)"))
                + ", so the file is damaged or not a picture");
            return null;
        }

        var info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            fault = Failed(file, format ?? codec.EncodedFormat.ToString().ToUpperInvariant(), decoded, "its pixel data stops making sense part of the way through");
            return null;
        }

        // Every pixel decoded, but the file may still stop before the format says it ends. (Not JPEG or BMP: SkiaSharp
        // notices a JPEG cut before its end-of-image marker itself, cameras write trailers after it, and a BMP's pixels
        // end where its header says.)
        if (format is "PNG" or "GIF" or "WebP" && Structure(file, format) is { } broken)
        {
            fault = new PictureFault(broken.Kind, format, file.Length, broken.Reason);
            return null;
        }

        fault = null;
        return (Grayscale(bitmap), info.Height, info.Width);
    }

    /// <summary>The fault for a failed SkiaSharp result: cut short when SkiaSharp or the format's structure says so, else damaged.</summary>
    private static PictureFault Failed(ReadOnlySpan<byte> file, string format, SKCodecResult result, string damaged)
    {
        if (Structure(file, format) is { } broken)
        {
            return new PictureFault(broken.Kind, format, file.Length, broken.Reason);
        }

        return result == SKCodecResult.IncompleteInput
            ? new PictureFault(PictureFaultKind.Truncated, format, file.Length, "its data stops before the picture does")
            : new PictureFault(PictureFaultKind.Damaged, format, file.Length, format == "picture" ? damaged : $"it announces {format}, but {damaged}");
    }

    /// <summary>The format the file's first bytes announce, or <see langword="null"/> for none this decoder names.</summary>
    private static string? Announced(ReadOnlySpan<byte> file) => file switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "PNG",
        [0xFF, 0xD8, 0xFF, ..] => "JPEG",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "GIF",
        [(byte)'B', (byte)'M', ..] => "BMP",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "WebP",
        _ => null,
    };

    /// <summary>
    /// What the format's own structure says is wrong with a file of <paramref name="format"/>: cut short before the
    /// format's end, or damaged where its structure should be; <see langword="null"/> when it is whole (or the format
    /// has no structure this decoder checks). JPEG (whose end marker may be followed by other data) and BMP (whose
    /// header's file size some writers leave at 0) are only checked to name why a picture SkiaSharp could not decode
    /// failed.
    /// </summary>
    private static (PictureFaultKind Kind, string Reason)? Structure(ReadOnlySpan<byte> file, string format) => format switch
    {
        "PNG" => PngStructure(file),
        "GIF" => Truncated(GifEnd(file)),
        "WebP" => Truncated(WebPEnd(file)),
        "BMP" => Truncated(file.Length >= 6 && BinaryPrimitives.ReadUInt32LittleEndian(file[2..]) is var size && size > file.Length
            ? string.Create(CultureInfo.InvariantCulture, $"its header declares {size:N0} bytes")
            : null),
        "JPEG" => Truncated(file.Length >= 4 && file[Math.Max(2, file.Length - JpegTrailerWindow)..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0
            ? "a JPEG picture ends with an end-of-image marker (FF D9), and this one has none"
            : null),
        _ => null,
    };

    private static (PictureFaultKind Kind, string Reason)? Truncated(string? reason) =>
        reason is null ? null : (PictureFaultKind.Truncated, reason);

    /// <summary>Walks the chunks (length, type, data, CRC) from the signature to IEND; bytes after IEND are ignored, as decoders do.</summary>
    private static (PictureFaultKind Kind, string Reason)? PngStructure(ReadOnlySpan<byte> file)
    {
        long offset = 8;
        while (offset + 8 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[(int)offset..]);
            var type = file.Slice((int)offset + 4, 4);
            // A chunk type is four ASCII letters (PNG specification, section 5.3): anything else is damage, not an end.
            foreach (var letter in type)
            {
                if (!char.IsAsciiLetter((char)letter))
                {
                    return (PictureFaultKind.Damaged, string.Create(CultureInfo.InvariantCulture, $"at byte {offset + 4:N0}, where a chunk's type should be, it holds the bytes {Convert.ToHexString(type)}"));
                }
            }

            var name = System.Text.Encoding.ASCII.GetString(type);
            if (offset + 12 + length > file.Length)
            {
                return (PictureFaultKind.Truncated, string.Create(CultureInfo.InvariantCulture, $"its {name} chunk at byte {offset:N0} holds {length:N0} bytes and a checksum, and the file ends {file.Length - offset - 8:N0} bytes into it"));
            }

            if (name == "IEND")
            {
                return null;
            }

            offset += 12 + length;
        }

        return (PictureFaultKind.Truncated, "a PNG picture ends with an IEND chunk, and this one has none");
    }

    /// <summary>Walks the blocks (extensions, images and their sub-blocks) from the screen descriptor to the trailer byte.</summary>
    private static string? GifEnd(ReadOnlySpan<byte> file)
    {
        const string Cut = "a GIF picture ends with a trailer byte (3B), and this one stops before it";
        if (file.Length < 13)
        {
            return Cut;
        }

        long offset = 13 + ColourTable(file[10]);
        while (offset < file.Length)
        {
            switch (file[(int)offset])
            {
                case 0x3B:
                    return null;
                case 0x21:
                    // Extension: introducer, label, then sub-blocks.
                    offset = SubBlocks(file, offset + 2);
                    break;
                case 0x2C:
                    // Image: descriptor, optional local colour table, LZW code size, then sub-blocks.
                    if (offset + 10 > file.Length)
                    {
                        return Cut;
                    }

                    offset = SubBlocks(file, offset + 10 + ColourTable(file[(int)offset + 9]) + 1);
                    break;
                default:
                    // Not a block this walk knows: the decoder's verdict stands.
                    return null;
            }
        }

        return Cut;
    }

    /// <summary>The bytes of a GIF colour table whose presence and size the packed byte <paramref name="packed"/> gives.</summary>
    private static long ColourTable(byte packed) => (packed & 0x80) != 0 ? 3L << ((packed & 7) + 1) : 0;

    /// <summary>Skips GIF sub-blocks (a length byte, then that many bytes) up to the empty one; past the end when cut.</summary>
    private static long SubBlocks(ReadOnlySpan<byte> file, long offset)
    {
        while (offset < file.Length)
        {
            var size = file[(int)offset];
            offset += 1 + size;
            if (size == 0)
            {
                return offset;
            }
        }

        return long.MaxValue;
    }

    /// <summary>A WebP file is one RIFF chunk whose header declares its length.</summary>
    private static string? WebPEnd(ReadOnlySpan<byte> file)
    {
        var declared = 8L + BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        return declared > file.Length
            ? string.Create(CultureInfo.InvariantCulture, $"its RIFF header declares {declared:N0} bytes")
            : null;
    }

    private static float[] Grayscale(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        var gray = new float[bitmap.Width * bitmap.Height];
        for (var i = 0; i < gray.Length; i++)
        {
            var (r, g, b, a) = (pixels[i * 4], pixels[(i * 4) + 1], pixels[(i * 4) + 2], pixels[(i * 4) + 3]);
            // ITU-R BT.601 luma, composited over white so that transparent areas read as paper.
            var luma = ((0.299f * r) + (0.587f * g) + (0.114f * b)) / 255f;
            var alpha = a / 255f;
            gray[i] = (alpha * luma) + (1 - alpha);
        }

        return gray;
    }
}
