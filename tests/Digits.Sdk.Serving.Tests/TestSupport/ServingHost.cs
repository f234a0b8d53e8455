using Digits.Sdk.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>
/// A served classifier for a test: in process (ASP.NET Core's TestServer) or on a real Kestrel bound to 127.0.0.1
/// on a free port. Nothing binds anything but the loopback address.
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private ServingHost(WebApplication app, HttpClient client, Uri address)
    {
        App = app;
        Client = client;
        Address = address;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Uri Address { get; }

    public ServingMetricsView Metrics => new(Client);

    public static Task<ServingHost> StartInProcessAsync(Action<DigitServingOptions>? configure = null, DigitClassifier? classifier = null)
        => StartAsync(configure, classifier, kestrel: false);

    public static Task<ServingHost> StartKestrelAsync(Action<DigitServingOptions>? configure = null, DigitClassifier? classifier = null)
        => StartAsync(configure, classifier, kestrel: true);

    private static async Task<ServingHost> StartAsync(Action<DigitServingOptions>? configure, DigitClassifier? classifier, bool kestrel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDigitClassifier(configure);
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.WebHost.ConfigureKestrel(k => k.UseDigitServingLimits());
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var app = builder.Build();
        app.MapDigitClassifier(classifier ?? Pretrained.Classifier);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        if (!kestrel)
        {
            var client = app.GetTestClient();
            return new ServingHost(app, client, client.BaseAddress!);
        }

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Assert.Equal("127.0.0.1", address.Host);
        return new ServingHost(app, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }, address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
