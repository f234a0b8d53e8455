namespace Digits.Sdk.Serving.Pictures;

/// <summary>A picture format the service reads: its name, its media type and the bytes every file of it starts with.</summary>
/// <param name="Name">How messages name it, e.g. <c>PNG</c>.</param>
/// <param name="MediaType">The content type that labels it, e.g. <c>image/png</c>.</param>
/// <param name="Signature">The bytes every file of the format starts with.</param>
internal sealed record PictureFormat(string Name, string MediaType, byte[] Signature)
{
    /// <summary>PNG: the eight-byte signature of the PNG specification, section 5.2.</summary>
    public static readonly PictureFormat Png = new("PNG", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    /// <summary>JPEG: the start-of-image marker followed by the first marker's prefix.</summary>
    public static readonly PictureFormat Jpeg = new("JPEG", "image/jpeg", [0xFF, 0xD8, 0xFF]);

    /// <summary>Every format the service reads.</summary>
    public static readonly IReadOnlyList<PictureFormat> All = [Png, Jpeg];

    /// <summary>The accepted picture types, as messages list them.</summary>
    public static string MediaTypes => string.Join(" or ", All.Select(f => f.MediaType));

    /// <summary>The format a content type labels (<c>image/jpg</c> is a common misspelling of <c>image/jpeg</c>), if any.</summary>
    public static PictureFormat? FromMediaType(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "image/png" => Png,
        "image/jpeg" or "image/jpg" or "image/pjpeg" => Jpeg,
        _ => null,
    };

    /// <summary>The format whose signature <paramref name="bytes"/> start with, if any.</summary>
    public static PictureFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        foreach (var format in All)
        {
            if (bytes.StartsWith(format.Signature))
            {
                return format;
            }
        }

        return null;
    }
}
