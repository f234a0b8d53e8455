using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Digits.Sdk.Serving.Requests;

/// <summary>
/// Something wrong with a request, in the client's terms: the HTTP status, a stable code clients can switch on, a
/// title and a detail naming the part, the offset or the value at fault. Thrown while a request is read and answered
/// as <c>application/problem+json</c> (RFC 9457) by the /v1 endpoints, or as the Open Inference Protocol's error
/// object by the /v2 endpoints. Every problem the service reports is made by one of the factories here.
/// </summary>
internal sealed class RequestProblem : Exception
{
    private RequestProblem(int status, string code, string title, string detail)
        : base(detail)
    {
        Status = status;
        Code = code;
        Title = title;
    }

    /// <summary>The HTTP status code, always 4xx or 503.</summary>
    public int Status { get; }

    /// <summary>A stable, lower-case code, e.g. <c>truncated-picture</c>; sent as the problem's <c>code</c> member.</summary>
    public string Code { get; }

    /// <summary>A short summary of the kind of problem, the same for every occurrence.</summary>
    public string Title { get; }

    public static RequestProblem MissingContentType(string what, string accepted) => new(
        StatusCodes.Status415UnsupportedMediaType, "missing-content-type", "The request has no content type",
        $"{Capitalise(what)} has no Content-Type; label it as {accepted}.");

    public static RequestProblem UnsupportedContentType(string what, string given, string accepted) => new(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "The content type is not one this endpoint reads",
        $"{Capitalise(what)} is labelled '{given}', but this endpoint reads {accepted}.");

    public static RequestProblem EmptyBody(string what) => new(
        StatusCodes.Status400BadRequest, "empty-body", "The body is empty",
        $"{Capitalise(what)} is empty; send the picture's bytes or the pixels.");

    public static RequestProblem BodyTooLarge(long limit, long? declared) => new(
        StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is larger than this service accepts",
        declared is { } size
            ? Invariant($"The body declares {size:N0} bytes, more than the {limit:N0} this service reads.")
            : Invariant($"The body is longer than the {limit:N0} bytes this service reads."));

    public static RequestProblem NotAPicture(string what, string format, string found) => new(
        StatusCodes.Status400BadRequest, "not-a-picture", "The body is not a picture",
        $"{Capitalise(what)} is labelled {format} but is not a picture: it starts with {found}.");

    public static RequestProblem MislabelledPicture(string what, string declaredType, string actualFormat, string actualType) => new(
        StatusCodes.Status400BadRequest, "mislabelled-picture", "The picture is not what its content type says",
        $"{Capitalise(what)} is labelled {declaredType} but is a {actualFormat} picture; send it as {actualType}.");

    public static RequestProblem TruncatedPicture(string what, string format, long length, string expected) => new(
        StatusCodes.Status400BadRequest, "truncated-picture", "The picture is truncated",
        Invariant($"{Capitalise(what)} is a {format} picture cut short after {length:N0} bytes: {expected}."));

    public static RequestProblem UndecodablePicture(string what, string reason) => new(
        StatusCodes.Status400BadRequest, "undecodable-picture", "The picture cannot be decoded",
        $"{Capitalise(what)} could not be decoded: {reason}");

    public static RequestProblem PictureTooLarge(string what, long width, long height, long limit) => new(
        StatusCodes.Status413PayloadTooLarge, "picture-too-large", "The picture declares more pixels than this service decodes",
        Invariant($"{Capitalise(what)} declares {width:N0} × {height:N0} pixels ({width * height:N0}), more than the {limit:N0} this service decodes; scale it down first."));

    public static RequestProblem TooManyFiles(int count, int limit) => new(
        StatusCodes.Status400BadRequest, "too-many-files", "The request carries too many pictures",
        Invariant($"The request carries {count:N0} or more pictures; this service takes at most {limit:N0} in one request."));

    public static RequestProblem NoFiles() => new(
        StatusCodes.Status400BadRequest, "no-files", "The form carries no picture",
        "The multipart/form-data body has no parts; add one part per picture (e.g. curl -F file=@seven.png).");

    public static RequestProblem MalformedMultipart(string reason) => new(
        StatusCodes.Status400BadRequest, "malformed-multipart", "The multipart body cannot be read",
        $"The multipart/form-data body cannot be read: {reason}");

    public static RequestProblem MalformedJson(string reason) => new(
        StatusCodes.Status400BadRequest, "malformed-json", "The JSON body cannot be read",
        $"The JSON body cannot be read: {reason}");

    public static RequestProblem WrongShape(string what, string given, string expected) => new(
        StatusCodes.Status400BadRequest, "wrong-pixel-count", "The pixels do not have the model's input shape",
        $"{Capitalise(what)} has shape {given}, but the model takes {expected}.");

    public static RequestProblem PixelOutOfRange(string what, long index, double value, string range) => new(
        StatusCodes.Status400BadRequest, "pixel-out-of-range", "A pixel is outside the allowed range",
        Invariant($"{Capitalise(what)} has {value} at index {index:N0}, but pixels are {range}."));

    public static RequestProblem UnknownModel(string name, string served) => new(
        StatusCodes.Status404NotFound, "unknown-model", "There is no such model",
        $"There is no model '{name}'; this server serves '{served}'.");

    public static RequestProblem UnknownModelVersion(string name, string version, string served) => new(
        StatusCodes.Status404NotFound, "unknown-model-version", "There is no such model version",
        $"Model '{name}' has no version '{version}'; this server serves version {served} only.");

    /// <summary>401 (no key) or 403 (a key not accepted) for a service with API keys.</summary>
    public static RequestProblem Unauthorized(int status, string code, string detail) => new(
        status, code, status == StatusCodes.Status401Unauthorized ? "An API key is needed" : "The API key is not accepted", detail);

    public static RequestProblem InvalidTensor(string reason) => new(
        StatusCodes.Status400BadRequest, "invalid-tensor", "The inference request is not valid",
        reason);

    /// <summary>
    /// 408: the body arrived slower than the minimum data rate of
    /// <see cref="DigitServingKestrelExtensions.UseDigitServingLimits"/> allows, so the service stopped waiting for it.
    /// </summary>
    public static RequestProblem BodyTooSlow() => new(
        StatusCodes.Status408RequestTimeout, "request-not-read", "The request body arrived too slowly",
        Invariant($"The request body arrived too slowly: after {DigitServingKestrelExtensions.DataRateGracePeriod.TotalSeconds:0} s the service needs at least {DigitServingKestrelExtensions.MinimumBytesPerSecond} bytes a second, and stops waiting for a body that comes slower. Send the whole body at once."));

    public static RequestProblem SlowOrBrokenClient(int status, string reason) => new(
        status, "request-not-read", "The request body could not be read",
        $"The request body could not be read: {reason}");

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
