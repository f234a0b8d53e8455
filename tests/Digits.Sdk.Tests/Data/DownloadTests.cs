using System.Net;
using Digits.Sdk.Data;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Data;

public sealed class DownloadTests : IDisposable
{
    private readonly LocalHttpServer server = new();
    private readonly TemporaryFolder root = new();
    private readonly TinyDataset tiny = new();
    private readonly HttpClient http = new(new HttpClientHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        root.Dispose();
    }

    private void ServeAll(string folder)
    {
        foreach (var (name, bytes) in tiny.Files)
        {
            server.ServeBytes($"{folder}/{name}", bytes);
        }
    }

    private Task<TrainTestData> Load(DatasetInfo info, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
        => DatasetLoader.LoadAsync(info, root.Path, download: true, progress, http, cancellationToken);

    [Fact]
    public async Task Missing_files_are_downloaded_verified_and_loaded()
    {
        ServeAll("a");

        using var data = await Load(tiny.Info(server.Folder("a")));

        Assert.Equal(12, data.Train.Count);
        Assert.Equal(4, data.Test.Count);
        Assert.Equal([4, 4, 4], data.Train.ClassCounts());
        Assert.Equal(tiny.Files.Keys.Select(k => Path.Combine("tiny", k)).Order(StringComparer.Ordinal), Contents(root));
    }

    [Fact]
    public async Task Downloaded_files_are_not_fetched_again()
    {
        ServeAll("a");
        var info = tiny.Info(server.Folder("a"));
        (await Load(info)).Dispose();
        var requests = server.Requests;

        using var again = await Load(info);

        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public async Task A_mirror_that_answers_404_is_skipped_for_the_next()
    {
        ServeAll("second");

        using var data = await Load(tiny.Info(server.Folder("first"), server.Folder("second")));

        Assert.Equal(12, data.Train.Count);
        Assert.Equal(8, server.Requests);
    }

    [Fact]
    public async Task Corrupted_bytes_are_a_checksum_error_and_leave_nothing_behind()
    {
        ServeAll("a");
        var corrupt = (byte[])tiny.Files["train-labels-idx1-ubyte.gz"].Clone();
        corrupt[^5] ^= 0xFF;
        server.ServeBytes("a/train-labels-idx1-ubyte.gz", corrupt);

        var error = await Assert.ThrowsAsync<DatasetChecksumException>(() => Load(tiny.Info(server.Folder("a"))));

        Assert.Contains("train-labels-idx1-ubyte.gz", error.FilePath);
        Assert.Equal("MD5", error.Algorithm);
        Assert.DoesNotContain(Contents(root), f => f.Contains("train-labels", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_dropped_mid_file_fails_and_leaves_nothing_behind()
    {
        ServeAll("a");
        var images = tiny.Files["train-images-idx3-ubyte.gz"];
        server.Serve("a/train-images-idx3-ubyte.gz", async context =>
        {
            context.Response.ContentLength64 = images.Length;
            await context.Response.OutputStream.WriteAsync(images.AsMemory(0, images.Length / 2));
            await context.Response.OutputStream.FlushAsync();
            context.Response.Abort();
        });

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => Load(tiny.Info(server.Folder("a"))));

        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains(DataRoot.EnvironmentVariable, error.Message);
        Assert.DoesNotContain(Contents(root), f => f.Contains("train-images", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_download_stops_it_and_leaves_nothing_behind()
    {
        var started = new TaskCompletionSource();
        server.Serve("a/train-images-idx3-ubyte.gz", async context =>
        {
            context.Response.ContentLength64 = 1 << 20;
            await context.Response.OutputStream.WriteAsync(new byte[1024]);
            await context.Response.OutputStream.FlushAsync();
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(20));
            context.Response.Abort();
        });
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<DownloadProgress>(p =>
        {
            if (p.BytesReceived > 0)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Load(tiny.Info(server.Folder("a")), progress, cancellation.Token));

        Assert.True(started.Task.IsCompleted);
        Assert.Empty(Contents(root));
    }

    [Fact]
    public async Task A_slow_server_reports_progress_up_to_the_full_size()
    {
        ServeAll("a");
        var images = tiny.Files["train-images-idx3-ubyte.gz"];
        server.Serve("a/train-images-idx3-ubyte.gz", async context =>
        {
            context.Response.ContentLength64 = images.Length;
            for (var start = 0; start < images.Length; start += 2000)
            {
                await context.Response.OutputStream.WriteAsync(images.AsMemory(start, Math.Min(2000, images.Length - start)));
                await context.Response.OutputStream.FlushAsync();
                await Task.Delay(30);
            }

            context.Response.Close();
        });
        var reports = new List<DownloadProgress>();
        var progress = new SynchronousProgress<DownloadProgress>(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        using var data = await Load(tiny.Info(server.Folder("a")), progress);

        var forImages = reports.Where(r => r.FileName == "train-images-idx3-ubyte.gz").ToList();
        Assert.True(forImages.Count >= 4, $"only {forImages.Count} progress reports");
        Assert.All(forImages, r => Assert.Equal(images.Length, r.TotalBytes));
        Assert.Equal(forImages.Select(r => r.BytesReceived).Order(), forImages.Select(r => r.BytesReceived));
        Assert.Equal(images.Length, forImages[^1].BytesReceived);
        Assert.Equal(1.0, forImages[^1].Fraction);
    }

    [Fact]
    public async Task Without_network_the_error_names_the_missing_files_and_DIGITS_DATA()
    {
        var info = tiny.Info(new Uri("http://127.0.0.1:9/unreachable/"));

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => Load(info));

        Assert.EndsWith("train-images-idx3-ubyte.gz", error.MissingFiles[0]);
        Assert.Contains(DataRoot.EnvironmentVariable, error.Message);
        Assert.Empty(Contents(root));
    }

    [Fact]
    public async Task Without_download_the_error_lists_every_missing_file()
    {
        var info = tiny.Info(server.Folder("a"));

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => info.LoadAsync(root.Path));

        Assert.Equal(4, error.MissingFiles.Count);
        foreach (var name in tiny.Files.Keys)
        {
            Assert.Contains(name, error.Message);
        }

        Assert.Contains(DataRoot.EnvironmentVariable, error.Message);
        Assert.Equal(0, server.Requests);
    }

    /// <summary>The files under a folder, relative to it and sorted.</summary>
    private static string[] Contents(TemporaryFolder folder) => Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(folder.Path, f))
        .Order(StringComparer.Ordinal)
        .ToArray();
}
