using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

/// <summary><c>digits serve</c> as a user runs it: a process listening on 127.0.0.1, stopped with SIGTERM.</summary>
public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serving_the_pretrained_model_answers_on_loopback_and_SIGTERM_stops_it_with_exit_0()
    {
        await using var server = await ServedTool.StartAsync("serve", "--pretrained", "--urls", "http://127.0.0.1:0");
        var (images, labels) = MnistSamples.TestSet;

        using var health = await server.Client.GetAsync("/healthz");
        var png = new ByteArrayContent(DigitImages.StoredPng(images[0]));
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var predicted = await server.Client.PostAsync("/v1/predict", png);
        var exit = await server.StopAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        using (var answer = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()))
        {
            Assert.Equal(labels[0], answer.RootElement.GetProperty("predictions")[0].GetProperty("label").GetInt32());
        }

        Assert.True(exit == 0, $"exit code {exit}; stderr: {server.StandardError}");
        Assert.Contains("stopped serving", server.StandardError, StringComparison.Ordinal);
        Assert.Contains("Draw a digit:", server.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{Environment.ProcessorCount} batches at once", server.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notaurl", "is not an address")]
    [InlineData("http://example.invalid:80", "'example.invalid' is not an IP address or localhost, and Kestrel would listen on every interface")]
    [InlineData("http://127.0.0.1:99999", "a port is a number from 0")]
    [InlineData("https://127.0.0.1:5443", "does not take a certificate yet")]
    [InlineData("http://127.0.0.1:0/digits", "has a path")]
    [InlineData("http://127.0.0.1:0;http://10.0.0.1.5:80", "'10.0.0.1.5' is not an IP address")]
    public void An_address_that_is_not_one_to_listen_on_is_one_line_and_nothing_is_bound(string urls, string expected)
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", "--pretrained", "--urls", urls));

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_other_machines_reach_is_refused_without_an_api_key_unless_anonymous_is_asked_for()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", "--pretrained", "--urls", "http://0.0.0.0:0"));

        Assert.Contains("lets other machines in, but no API key is set", line, StringComparison.Ordinal);
        Assert.Contains("--allow-anonymous", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_api_key_file_the_tool_serves_only_callers_that_send_a_key()
    {
        using var folder = new TemporaryFolder();
        const string key = "k-cli-test-key-0123456789abcdef";
        File.WriteAllText(folder.File("keys.txt"), key + "\n");
        await using var server = await ServedTool.StartAsync("serve", "--pretrained", "--urls", "http://127.0.0.1:0", "--api-key-file", folder.File("keys.txt"));
        var png = new ByteArrayContent(DigitImages.StoredPng(MnistSamples.TestSet.Images[0]));
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var refused = await server.Client.PostAsync("/v1/predict", png);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = png };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var answered = await server.Client.SendAsync(request);
        await server.StopAsync();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public void A_port_another_program_holds_is_one_line_naming_the_address()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)holder.LocalEndpoint).Port}";

        var line = CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", "--pretrained", "--urls", address));

        Assert.Contains($"Failed to bind to address {address}: address already in use", line, StringComparison.Ordinal);
        Assert.Contains("choose another port with --urls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serving_a_checkpoint_exports_it_first_answers_as_its_onnx_export_does_and_leaves_no_file_behind()
    {
        using var folder = new TemporaryFolder();
        using var mnist = await Datasets.LoadFolderAsync(TestData.Mnist);
        using var small = mnist.Train.Take(1_000);
        var run = Trainer.For<LogisticRegression>().Epochs(1).BatchSize(100).Fit(small);
        using (run.Model)
        {
            run.SaveCheckpoint(folder.File("lr.ckpt"));
            run.Model.ExportOnnx(folder.File("lr.onnx"));
        }

        using var exported = DigitClassifier.Load(folder.File("lr.onnx"));
        var image = MnistSamples.TestSet.Images[3];
        var expected = exported.Predict(image);

        await using (var server = await ServedTool.StartAsync("serve", folder.File("lr.ckpt"), "--urls", "http://127.0.0.1:0", "--max-batch-size", "1"))
        {
            using var response = await server.Client.PostAsJsonAsync("/v1/predict", new { pixels = image.Select(p => p / 255f).ToArray() });
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var prediction = answer.RootElement.GetProperty("predictions")[0];
            Assert.Equal(expected.Label, prediction.GetProperty("label").GetInt32());
            var probabilities = prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
            Assert.All(Enumerable.Range(0, 10), k => Assert.True(Math.Abs(expected.Probabilities[k] - probabilities[k]) < 1e-5));
            Assert.Equal(0, await server.StopAsync());
            Assert.Contains("Serving LogisticRegression (mnist) with no batching", server.StandardOutput, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"digits-serve-{server.ProcessId}-*.onnx"));
        }
    }

    [Fact]
    public void Serving_without_a_model_fails_in_one_line()
    {
        Assert.Contains("--pretrained", CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_maximum_batch_size_of_zero_fails_in_one_line()
    {
        Assert.Contains("--max-batch-size 0", CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", "--pretrained", "--max-batch-size", "0")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_number_of_concurrent_batches_fails_in_one_line()
    {
        Assert.Contains("--concurrent-batches -1", CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", "--pretrained", "--concurrent-batches", "-1")), StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_a_missing_model_fails_in_one_line_naming_it()
    {
        Assert.Contains("no-such.onnx", CliErrors.AssertOneLine(DigitsTool.Run(TimeSpan.FromMinutes(1), "serve", "no-such.onnx")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Draw a digit:\s+(http://127\.0\.0\.1:\d+)/")]
    private static partial Regex Address();

    /// <summary>The tool serving in its own process, its output collected, its address read from what it prints.</summary>
    private sealed class ServedTool : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly StringBuilder errors = new();

        private ServedTool(Process process, HttpClient client)
        {
            this.process = process;
            Client = client;
        }

        public HttpClient Client { get; private set; }

        public int ProcessId => process.Id;

        public string StandardOutput
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public string StandardError
        {
            get
            {
                lock (errors)
                {
                    return errors.ToString();
                }
            }
        }

        public static async Task<ServedTool> StartAsync(params string[] arguments)
        {
            // env resets SIGTERM to its default in case the test host was started with it ignored.
            var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["--default-signal=SIGTERM", "dotnet", DigitsTool.Assembly, .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NO_COLOR"] = "1";
            var process = Process.Start(start)!;
            var tool = new ServedTool(process, null!);
            var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, line) =>
            {
                lock (tool.output)
                {
                    tool.output.AppendLine(line.Data);
                }

                if (line.Data is { } text && Address().Match(text) is { Success: true } match)
                {
                    address.TrySetResult(match.Groups[1].Value);
                }
            };
            process.ErrorDataReceived += (_, line) =>
            {
                lock (tool.errors)
                {
                    tool.errors.AppendLine(line.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(address.Task, exited, Task.Delay(TimeSpan.FromMinutes(2))) != address.Task)
            {
                await tool.DisposeAsync();
                throw new InvalidOperationException($"digits serve did not print its address; stdout: {tool.StandardOutput} stderr: {tool.StandardError}");
            }

            tool.Client = new HttpClient { BaseAddress = new Uri(await address.Task), Timeout = TimeSpan.FromSeconds(30) };
            return tool;
        }

        /// <summary>Sends SIGTERM, as Kubernetes and systemd do, and returns the exit code.</summary>
        public async Task<int> StopAsync()
        {
            if (!process.HasExited)
            {
                ProcessRunner.Run("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath(), TimeSpan.FromSeconds(10));
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);
            process.WaitForExit(); // the output events have all run
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
