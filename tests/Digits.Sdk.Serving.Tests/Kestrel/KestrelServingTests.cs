using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Tests.TestSupport;

namespace Digits.Sdk.Serving.Tests.Kestrel;

/// <summary>A real Kestrel on 127.0.0.1 with the real pretrained model, called over loopback sockets.</summary>
public sealed class KestrelServingTests
{
    private static readonly (byte[][] Images, byte[] Labels) Mnist = MnistPictures.TestSet;

    [Fact]
    public async Task Answers_over_http_equal_DigitClassifiers_on_1000_mnist_test_pictures()
    {
        await using var host = await ServingHost.StartKestrelAsync();
        var pngs = MnistPictures.TestPngs;
        Assert.Equal(1000, pngs.Length);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var served = new JsonElementHolder[pngs.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, pngs.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = timeout.Token }, async (i, token) =>
        {
            using var response = await host.Client.PostAsync("/v1/predict", Answers.Picture(pngs[i], "image/png"), token);
            served[i] = new JsonElementHolder(Assert.Single(await Answers.PredictionsAsync(response)));
        });

        var correct = 0;
        for (var i = 0; i < pngs.Length; i++)
        {
            var direct = Pretrained.Classifier.PredictImage(new MemoryStream(pngs[i]));
            Answers.AssertSame(direct, served[i].Element);
            correct += direct.Label == Mnist.Labels[i] ? 1 : 0;
        }

        // The model is the real one: it reads nearly all of MNIST's test digits.
        Assert.True(correct >= 990, $"{correct} of 1000 correct");
    }

    [Fact]
    public async Task Sixty_four_clients_for_three_seconds_get_no_errors_and_the_direct_answers_and_memory_settles()
    {
        await using var host = await ServingHost.StartKestrelAsync();
        var pngs = MnistPictures.TestPngs.Take(64).ToArray();
        var expected = pngs.Select(png => Pretrained.Classifier.PredictImage(new MemoryStream(png))).ToArray();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        using var client = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
        await RunClientsAsync(client, pngs, expected, TimeSpan.FromSeconds(0.5));
        var before = SettledMemory();

        var (answered, errors) = await RunClientsAsync(client, pngs, expected, TimeSpan.FromSeconds(3));

        Assert.Empty(errors);
        Assert.True(answered >= 64, $"only {answered} answers in 3 seconds");
        var after = SettledMemory();
        Assert.True(after < before + (16 << 20), $"the managed heap grew from {before:N0} to {after:N0} bytes over {answered:N0} requests");
        var samples = await host.Metrics.ScrapeAsync();
        Assert.True(samples["digits_requests_total{endpoint=\"/v1/predict\",outcome=\"ok\"}"] >= answered);
        Assert.True(samples["digits_batch_size_count"] < samples["digits_batch_size_sum"], "64 concurrent clients never shared a model run");
    }

    [Fact]
    public async Task Stopping_the_host_lets_a_request_in_flight_finish()
    {
        var host = await ServingHost.StartKestrelAsync();
        var png = MnistPictures.TestPngs[0];
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, host.Address.Port);
        var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes($"POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: {png.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(png.AsMemory(0, 10));
        await Task.Delay(200);

        // The host begins to stop while the request's body is still arriving; the rest arrives, the answer goes out.
        var stopping = host.DisposeAsync().AsTask();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "the host stopped without waiting for the request in flight");
        await stream.WriteAsync(png.AsMemory(10));
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("\"label\":7", answer);
    }

    [Fact]
    public async Task A_client_that_stops_sending_its_body_is_cut_off_by_the_minimum_data_rate()
    {
        await using var host = await ServingHost.StartKestrelAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, host.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n"));
        await stream.WriteAsync(new byte[10]);
        var clock = Stopwatch.StartNew();

        // Kestrel closes the connection (or answers 408) once the 5-second grace has passed at under 240 bytes a second.
        var buffer = new byte[4096];
        var text = new StringBuilder();
        int read;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // A reset connection is a closed one.
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), "the slow client held its connection past the limit");
        Assert.True(text.Length == 0 || text.ToString().StartsWith("HTTP/1.1 408", StringComparison.Ordinal) || text.ToString().Contains("request-not-read", StringComparison.Ordinal), text.ToString());
        // An answer says what happened in the client's terms, not by the name of a Kestrel setting.
        Assert.DoesNotContain("MinRequestBodyDataRate", text.ToString(), StringComparison.Ordinal);
        if (text.ToString().Contains("request-not-read", StringComparison.Ordinal))
        {
            Assert.Contains("arrived too slowly", text.ToString(), StringComparison.Ordinal);
        }

        // The server still answers others.
        using var ok = await host.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static async Task<(int Answered, List<string> Errors)> RunClientsAsync(HttpClient client, byte[][] pngs, Prediction[] expected, TimeSpan duration)
    {
        var errors = new List<string>();
        var answered = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, 64).Select(c => Task.Run(async () =>
        {
            for (var i = c; Stopwatch.GetTimestamp() < until; i += 7)
            {
                var index = i % pngs.Length;
                try
                {
                    using var response = await client.PostAsync("/v1/predict", Answers.Picture(pngs[index], "image/png"));
                    var prediction = Assert.Single(await Answers.PredictionsAsync(response));
                    Answers.AssertSame(expected[index], prediction);
                    Interlocked.Increment(ref answered);
                }
                catch (Exception error)
                {
                    lock (errors)
                    {
                        errors.Add($"client {c}, picture {index}: {error.Message}");
                    }
                }
            }
        })));
        return (answered, errors);
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>A JSON element kept past its document.</summary>
    private sealed record JsonElementHolder(System.Text.Json.JsonElement Element);
}
