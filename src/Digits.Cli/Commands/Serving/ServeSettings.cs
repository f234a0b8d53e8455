using System.ComponentModel;
using System.Globalization;
using Digits.Sdk.Serving;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Serving;

/// <summary>The arguments of <c>digits serve</c>.</summary>
public sealed class ServeSettings : CommandSettings
{
    /// <summary>The address the tool listens on when <c>--urls</c> is not given: this machine only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>An ONNX model exported by Digits.Sdk, or a checkpoint to export first.</summary>
    [CommandArgument(0, "[model]")]
    [Description("An ONNX model exported by Digits.Sdk (.onnx), or a checkpoint written by digits train (exported to a temporary ONNX model first)")]
    public string? Model { get; init; }

    /// <summary>Serve the pretrained MNIST model built into the inference package.</summary>
    [CommandOption("--pretrained")]
    [Description("Serve the pretrained MNIST digit classifier built into Digits.Sdk.Inference instead of a file")]
    public bool Pretrained { get; init; }

    /// <summary>Where to listen, separated by semicolons.</summary>
    [CommandOption("--urls <URLS>")]
    // The default is in the description, not in the DEFAULT column: that column is too narrow for a URL, which help split
    // in two ("http://127.0.0.1:500" over "0").
    [Description("Addresses to listen on, separated by ';' (default " + DefaultUrls + ", this machine only; e.g. http://0.0.0.0:8080 in a container)")]
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The environment variable that names the API key file when <see cref="ApiKeyFile"/> is not given.</summary>
    public const string ApiKeyFileVariable = "DIGITS_API_KEY_FILE";

    /// <summary>A file of API keys (one per line, or <c>sha256:</c> and its hash) that clients must send.</summary>
    [CommandOption("--api-key-file <FILE>")]
    [Description("Require an API key (Authorization: Bearer <key> or X-API-Key) for /v1 and /v2: one key per line, or 'sha256:' and its hash; also from " + ApiKeyFileVariable)]
    public string? ApiKeyFile { get; init; }

    /// <summary>Serve addresses other machines reach without an API key.</summary>
    [CommandOption("--allow-anonymous")]
    [Description("Serve an address other machines can reach without an API key (refused otherwise)")]
    public bool AllowAnonymous { get; init; }

    /// <summary>With API keys: require one for /metrics and the OpenAPI document too.</summary>
    [CommandOption("--protect-operations")]
    [Description("With an API key file: require a key for /metrics and /openapi/v1.json too (the probes stay open)")]
    public bool ProtectOperations { get; init; }

    /// <summary>The API key file: <see cref="ApiKeyFile"/>, else the environment's <see cref="ApiKeyFileVariable"/>.</summary>
    internal string? KeyFile => ApiKeyFile ?? (Environment.GetEnvironmentVariable(ApiKeyFileVariable) is { Length: > 0 } path ? path : null);

    /// <summary>The most samples in one model run; 1 turns dynamic batching off.</summary>
    [CommandOption("--max-batch-size <N>")]
    [Description("The most samples gathered into one model run; 1 turns dynamic batching off")]
    [DefaultValue(DigitServingOptions.DefaultMaxBatchSize)]
    public int MaxBatchSize { get; init; } = DigitServingOptions.DefaultMaxBatchSize;

    /// <summary>How long the first sample of a batch waits for others, in milliseconds.</summary>
    [CommandOption("--max-wait-ms <N>")]
    [Description("How long the first sample of a batch waits for others, in milliseconds (0 to 1000)")]
    [DefaultValue(1.0)]
    public double MaxWaitMilliseconds { get; init; } = DigitServingOptions.DefaultMaxBatchWait.TotalMilliseconds;

    /// <summary>How many batches may run the model at once; 0 means one per core.</summary>
    [CommandOption("--concurrent-batches <N>")]
    [Description("How many batches may run the model at once, each on --threads threads; 0 means one per core")]
    [DefaultValue(0)]
    public int ConcurrentBatches { get; init; }

    /// <summary>Threads ONNX Runtime uses within one model run.</summary>
    [CommandOption("--threads <N>")]
    [Description("Threads ONNX Runtime uses within one model run; 0 lets it choose. Requests are decoded on other threads meanwhile, so 1 suits small models on few cores")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    /// <summary>The largest request body accepted, in bytes.</summary>
    [CommandOption("--max-body-bytes <N>")]
    [Description("The largest request body accepted, in bytes")]
    [DefaultValue(DigitServingOptions.DefaultMaxBodyBytes)]
    public long MaxBodyBytes { get; init; } = DigitServingOptions.DefaultMaxBodyBytes;

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Pretrained == !string.IsNullOrWhiteSpace(Model))
        {
            return ValidationResult.Error("Name a model file (.onnx or a checkpoint) or give --pretrained, not both or neither.");
        }

        if (MaxBatchSize < 1)
        {
            return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--max-batch-size {MaxBatchSize} must be 1 (no batching) or more."));
        }

        if (MaxWaitMilliseconds is < 0 or > 1000 || double.IsNaN(MaxWaitMilliseconds))
        {
            return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--max-wait-ms {MaxWaitMilliseconds} must be between 0 and 1000."));
        }

        if (ConcurrentBatches is < 0 or > 256)
        {
            return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--concurrent-batches {ConcurrentBatches} must be between 0 (one per core) and 256."));
        }

        if (Threads < 0)
        {
            return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--threads {Threads} must be 0 (ONNX Runtime chooses) or more."));
        }

        if (MaxBodyBytes < 1)
        {
            return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--max-body-bytes {MaxBodyBytes} must be positive."));
        }

        var addresses = ListenAddresses.Parse(Urls, out var error);
        if (error is not null)
        {
            return ValidationResult.Error(error);
        }

        if (ProtectOperations && KeyFile is null)
        {
            return ValidationResult.Error("--protect-operations protects with API keys; give --api-key-file <FILE> (or " + ApiKeyFileVariable + ") too.");
        }

        // TorchServe turned token authorisation on by default after its 2023 advisories: a model reachable from other
        // machines is served to everyone only when the operator says so.
        if (KeyFile is null && !AllowAnonymous && addresses.FirstOrDefault(address => !ListenAddresses.IsLoopback(address)) is { } open)
        {
            return ValidationResult.Error($"--urls '{open}' lets other machines in, but no API key is set: give --api-key-file <FILE> (or {ApiKeyFileVariable}), or --allow-anonymous to serve everyone.");
        }

        return ValidationResult.Success();
    }

    /// <summary>The addresses of <see cref="Urls"/>, checked by <see cref="Validate"/>.</summary>
    internal IReadOnlyList<string> Addresses => ListenAddresses.Parse(Urls, out _);

    /// <summary>The service's options as these arguments set them.</summary>
    public void Configure(DigitServingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MaxBatchSize = MaxBatchSize;
        options.MaxBatchWait = TimeSpan.FromMilliseconds(MaxWaitMilliseconds);
        options.MaxConcurrentBatches = ConcurrentBatches == 0 ? DigitServingOptions.DefaultMaxConcurrentBatches : ConcurrentBatches;
        options.MaxBodyBytes = MaxBodyBytes;
        options.ApiKeys = KeyFile is { } file ? Digits.Sdk.Serving.Security.ApiKeys.FromFile(file) : null;
        options.ProtectOperations = ProtectOperations;
    }
}
