using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Digits.Sdk.Serving;

/// <summary>Kestrel settings for a prediction service that faces clients it does not control.</summary>
public static class DigitServingKestrelExtensions
{
    /// <summary>The slowest a request body may arrive, and a response be read, after <see cref="DataRateGracePeriod"/>: 240 bytes/s.</summary>
    internal const int MinimumBytesPerSecond = 240;

    /// <summary>How long a slow body or reader is tolerated before <see cref="MinimumBytesPerSecond"/> applies.</summary>
    internal static readonly TimeSpan DataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bounds what slow or hostile clients can hold: request headers must arrive within 10 seconds, bodies at 240
    /// bytes a second or more after a 5-second grace, responses must be read as fast, idle keep-alive connections close
    /// after 30 seconds, and request headers may total 32 KB.
    /// </summary>
    /// <remarks>
    /// The body size is not set here: the prediction endpoints lower the server's limit to
    /// <see cref="DigitServingOptions.MaxBodyBytes"/> for their own requests, so the application's other endpoints keep
    /// theirs.
    /// </remarks>
    /// <param name="kestrel">The server's options, e.g. in <c>builder.WebHost.ConfigureKestrel</c>.</param>
    /// <returns>The same Kestrel options, for chaining.</returns>
    public static KestrelServerOptions UseDigitServingLimits(this KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.AddServerHeader = false;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(MinimumBytesPerSecond, DataRateGracePeriod);
        kestrel.Limits.MinResponseDataRate = new MinDataRate(MinimumBytesPerSecond, DataRateGracePeriod);
        kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        return kestrel;
    }
}
