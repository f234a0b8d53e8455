using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Serving;
using Digits.Sdk.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Serving;

/// <summary>
/// <c>digits serve model.onnx</c>: serves a model over HTTP (Digits.Sdk.Serving) until Ctrl+C or SIGTERM, which
/// stop it gracefully: it stops accepting connections and answers the requests in flight first.
/// </summary>
public sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? temporaryModel = null;
        try
        {
            using var classifier = Open(settings, out temporaryModel);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            // The host logs a failure to start with its stack trace before rethrowing it; the tool says it in one line.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.WebHost.UseUrls([.. settings.Addresses]);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.UseDigitServingLimits());
            builder.Services.AddDigitClassifier(settings.Configure);
            // Requests in flight get this long to finish after Ctrl+C or SIGTERM (Kubernetes waits 30 s by default).
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));

            await using var app = builder.Build();
            // A failure outside the endpoints' own handling (an unknown path, a bug) is a problem+json too, never a stack trace.
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.MapDigitClassifier(classifier);
            await Start(app, cancellationToken).ConfigureAwait(false);
            Announce(classifier, app.Services.GetRequiredService<IOptions<DigitServingOptions>>().Value, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine("digits: stopped serving.");
            return 0;
        }
        finally
        {
            if (temporaryModel is not null)
            {
                File.Delete(temporaryModel);
            }
        }
    }

    /// <summary>Starts listening; an address another program holds is one line naming it.</summary>
    private static async Task Start(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error) when (error.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new CommandException($"{error.Message.TrimEnd('.')}: another program listens there; stop it or choose another port with --urls.", error);
        }
    }

    /// <summary>The classifier the arguments name: the pretrained one, an ONNX file, or a checkpoint exported first.</summary>
    private static DigitClassifier Open(ServeSettings settings, out string? temporaryModel)
    {
        temporaryModel = null;
        if (settings.Pretrained)
        {
            return DigitClassifier.LoadPretrained(settings.Threads);
        }

        var path = settings.Model!;
        if (!File.Exists(path))
        {
            throw new CommandException($"The model '{path}' does not exist.");
        }

        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return DigitClassifier.Load(path, settings.Threads);
        }

        var checkpoint = CommandCheckpoint.Read(path);
        using (var model = NetworkCatalog.Find(checkpoint.NetworkName).Create())
        {
            checkpoint.LoadInto(model);
            temporaryModel = Path.Combine(Path.GetTempPath(), $"digits-serve-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
            OnnxExporter.Export(model, temporaryModel, new OnnxExportOptions { Dataset = checkpoint.Dataset });
        }

        return DigitClassifier.Load(temporaryModel, settings.Threads);
    }

    private static void Announce(DigitClassifier classifier, DigitServingOptions options, ICollection<string> addresses)
    {
        var metadata = classifier.Metadata;
        var batching = options.MaxBatchSize > 1
            ? FormattableString.Invariant($"dynamic batching up to {options.MaxBatchSize} samples, {options.MaxBatchWait.TotalMilliseconds} ms wait, {options.MaxConcurrentBatches} batches at once")
            : "no batching";
        Console.Out.WriteLine($"Serving {metadata.NetworkName}{(metadata.Dataset is { } dataset ? $" ({dataset})" : string.Empty)} with {batching}.");
        foreach (var address in addresses)
        {
            Console.Out.WriteLine($"  Draw a digit:   {address}/");
            Console.Out.WriteLine($"  Predict:        curl --data-binary @seven.png -H 'Content-Type: image/png' {address}/v1/predict");
            Console.Out.WriteLine($"  API and probes: {address}/openapi/v1.json, {address}/healthz, {address}/readyz, {address}/metrics");
        }

        Console.Out.WriteLine("Press Ctrl+C to stop.");
        Console.Out.Flush();
    }
}
