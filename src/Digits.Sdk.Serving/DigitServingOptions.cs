using System.Globalization;

namespace Digits.Sdk.Serving;

/// <summary>
/// The limits and the batching of a served <see cref="Inference.DigitClassifier"/>: what one request may carry and how
/// concurrent requests share model runs. The defaults suit a public endpoint; every limit is checked before the work
/// it guards (the body's size before it is read, a picture's dimensions before it is decoded).
/// </summary>
public sealed class DigitServingOptions
{
    /// <summary>The default of <see cref="MaxBodyBytes"/>: 4 MiB, a phone photo's JPEG.</summary>
    public const long DefaultMaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxFiles"/>.</summary>
    public const int DefaultMaxFiles = 64;

    /// <summary>The default of <see cref="MaxPicturePixels"/>: 4096 × 4096.</summary>
    public const long DefaultMaxPicturePixels = 4096L * 4096;

    /// <summary>The default of <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 32;

    /// <summary>
    /// The default of <see cref="MaxConcurrentBatches"/>: one model run per core, each on one ONNX Runtime thread
    /// (what <c>digits serve</c> gives a model), so the model can use every core while requests are decoded between runs.
    /// </summary>
    public static readonly int DefaultMaxConcurrentBatches = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The default of <see cref="MaxBatchWait"/>: one millisecond, as Triton's dynamic batcher suggests starting with.</summary>
    public static readonly TimeSpan DefaultMaxBatchWait = TimeSpan.FromMilliseconds(1);

    /// <summary>The largest request body read, in bytes; a larger one is answered with 413 before it is read.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The most pictures one <c>multipart/form-data</c> request (or JSON batch) may carry.</summary>
    public int MaxFiles { get; set; } = DefaultMaxFiles;

    /// <summary>
    /// The most pixels (width × height) a picture may declare in its header. Decoding allocates four bytes per pixel,
    /// so a small file that declares huge dimensions (a decompression bomb) is refused before it is decoded.
    /// </summary>
    public long MaxPicturePixels { get; set; } = DefaultMaxPicturePixels;

    /// <summary>
    /// The most samples gathered into one model run. Concurrent requests wait up to <see cref="MaxBatchWait"/> for
    /// each other and run together on the one shared ONNX Runtime session; 1 turns dynamic batching off (each request
    /// runs the model on its own thread).
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>How long the first sample of a batch waits for others before the batch runs anyway.</summary>
    public TimeSpan MaxBatchWait { get; set; } = DefaultMaxBatchWait;

    /// <summary>
    /// How many batches may run the model at once on the shared session (Triton's instance count): while one batch
    /// runs, the next can start on another core instead of waiting. A lone sample that finds fewer runs than this
    /// in progress runs at once on its request's thread. Ignored when <see cref="MaxBatchSize"/> is 1, where every
    /// request runs the model on its own thread.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = DefaultMaxConcurrentBatches;

    /// <summary>
    /// The model's name in the Open Inference Protocol's paths (<c>/v2/models/{name}</c>);
    /// <see langword="null"/> uses the network's name from the model's metadata, e.g. <c>FastCnn</c>.
    /// </summary>
    public string? ModelName { get; set; }

    /// <summary>
    /// The keys a client must send to use the predictions (<c>/v1</c>) and the Open Inference Protocol (<c>/v2</c>), in
    /// <c>Authorization: Bearer …</c> or <c>X-API-Key</c>; <see langword="null"/> (the default) lets every caller in.
    /// The probes and the page stay open; <see cref="ProtectOperations"/> closes <c>/metrics</c> and the OpenAPI document too.
    /// </summary>
    public Security.ApiKeys? ApiKeys { get; set; }

    /// <summary>With <see cref="ApiKeys"/>: whether <c>/metrics</c> and <c>/openapi/v1.json</c> need a key too (the probes never do).</summary>
    public bool ProtectOperations { get; set; }

    /// <summary>Checks that every limit is usable, so a typo fails at start rather than on the first request.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero, negative or out of range.</exception>
    public void Validate()
    {
        Require(MaxBodyBytes > 0, nameof(MaxBodyBytes), MaxBodyBytes, "must be positive");
        Require(MaxFiles > 0, nameof(MaxFiles), MaxFiles, "must be positive");
        Require(MaxPicturePixels > 0, nameof(MaxPicturePixels), MaxPicturePixels, "must be positive");
        Require(MaxBatchSize > 0, nameof(MaxBatchSize), MaxBatchSize, "must be positive (1 turns batching off)");
        Require(MaxConcurrentBatches is > 0 and <= 256, nameof(MaxConcurrentBatches), MaxConcurrentBatches, "must be between 1 and 256");
        Require(MaxBatchWait >= TimeSpan.Zero && MaxBatchWait <= TimeSpan.FromSeconds(1), nameof(MaxBatchWait), MaxBatchWait, "must be between 0 and 1 second");
        if (ModelName is not null && (ModelName.Length == 0 || ModelName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            throw new ArgumentException($"{nameof(ModelName)} '{ModelName}' must be a non-empty name of ASCII letters, digits, '-', '_' or '.', as it becomes part of a URL path.", nameof(ModelName));
        }
    }

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} {rule}; it is {value}."));
        }
    }
}
