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

        _ = ListenAddresses.Parse(Urls, out var error);
        return error is null ? ValidationResult.Success() : ValidationResult.Error(error);
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
    }
}
