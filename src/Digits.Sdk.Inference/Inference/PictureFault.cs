namespace Digits.Sdk.Inference;

/// <summary>Why a picture could not be read, as <see cref="PictureDecoder"/> found it.</summary>
/// <param name="Kind">What kind of fault it is, for callers that report kinds differently (the HTTP service's problem codes).</param>
/// <param name="Format">The format the file announces (<c>PNG</c>, <c>JPEG</c>…), or <c>picture</c> when it announces none.</param>
/// <param name="Length">The file's length in bytes.</param>
/// <param name="Reason">What is wrong, in the user's terms, without naming the file: "its IDAT chunk … is cut off".</param>
internal sealed record PictureFault(PictureFaultKind Kind, string Format, long Length, string Reason)
{
    /// <summary>The one-sentence message naming the picture as <paramref name="source"/>: a quoted path or a description.</summary>
    public string Describe(string source) => Kind switch
    {
        PictureFaultKind.Truncated => FormattableString.Invariant($"{source} is a {Format} picture cut short after {Length:N0} bytes: {Reason}."),
        PictureFaultKind.UnknownFormat => $"{source} is not a picture format Digits.Sdk reads (PNG, JPEG, BMP, GIF, WebP).",
        _ => $"{source} is not a picture that can be decoded: {Reason}.",
    };

    /// <summary>The exception <see cref="DigitClassifier.PredictImage(string)"/> and the stream overloads throw for it.</summary>
    public InvalidDataException ToException(string source) => new(Describe(source));
}

/// <summary>The kinds of <see cref="PictureFault"/>.</summary>
internal enum PictureFaultKind
{
    /// <summary>Not a format SkiaSharp has a decoder for.</summary>
    UnknownFormat,

    /// <summary>The file stops before the picture does: its header, its pixel data or its end marker is missing.</summary>
    Truncated,

    /// <summary>The file is the format it announces, but its data is invalid, so only part of it (or none) decodes.</summary>
    Damaged,

    /// <summary>It claims more pixels than the decoder accepts or than its bytes can hold.</summary>
    TooLarge,
}
