using System.Globalization;
using System.Security.Cryptography;

namespace Digits.Sdk.Data;

/// <summary>
/// Downloads one data-set file: tries the mirrors in order, streams to a temporary file beside the target,
/// verifies the checksum, and only then renames it to its final name. A failed, corrupt or cancelled download
/// leaves nothing behind.
/// </summary>
internal sealed class DatasetDownloader(HttpClient http, IReadOnlyList<Uri> mirrors)
{
    private const int BufferSize = 1 << 16;

    /// <summary>The client used when the caller does not supply one; shared because HttpClient is meant to be reused.</summary>
    internal static HttpClient SharedClient { get; } = new() { Timeout = TimeSpan.FromMinutes(10) };

    public async Task<string> DownloadAsync(DatasetInfo info, DatasetFile file, string folder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, file.FileName);
        var failures = new List<string>();
        Exception? lastError = null;
        DatasetChecksumException? checksumError = null;

        foreach (var mirror in mirrors)
        {
            var url = new Uri(mirror, file.FileName);
            var temporary = Path.Combine(folder, $".{file.FileName}.{Guid.NewGuid():N}.part");
            try
            {
                await FetchAsync(url, temporary, file, progress, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, final, overwrite: true);
                return final;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (DatasetChecksumException error)
            {
                checksumError = error;
                failures.Add($"{url}: {error.Algorithm} {error.Actual} instead of {error.Expected}");
            }
            catch (Exception error) when (error is HttpRequestException or IOException or TaskCanceledException)
            {
                lastError = error;
                failures.Add($"{url}: {error.Message}");
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        if (checksumError is not null && lastError is null)
        {
            throw checksumError;
        }

        var tried = failures.Count == 0 ? "no mirrors are configured" : "tried " + string.Join("; ", failures);
        throw new DatasetNotFoundException(
            $"Could not download {info.Title}'s {file.FileName} ({tried}). Without network access, copy the files into '{folder}' or set {DataRoot.EnvironmentVariable} to a folder that holds them (directly or in a '{info.Name}' subfolder).",
            [final],
            lastError ?? checksumError);
    }

    private async Task FetchAsync(Uri url, string temporary, DatasetFile file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var total = response.Content.Headers.ContentLength;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                long received = 0;
                progress?.Report(new DownloadProgress(file.FileName, url, 0, total));
                while (true)
                {
                    var read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    md5.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    progress?.Report(new DownloadProgress(file.FileName, url, received, total));
                }

                if (total is { } expected && received != expected)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"the connection closed after {received} of {expected} bytes"));
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var actual = Convert.ToHexStringLower(md5.GetHashAndReset());
        if (string.Equals(actual, file.GzipMd5, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // A mirror may serve a different compression of the same content; the content hash settles it.
        if (file.ContentSha256 is { } sha256)
        {
            string? content;
            try
            {
                content = ContentHash.OfFile(temporary);
            }
            catch (InvalidDataException)
            {
                content = null;
            }

            if (string.Equals(content, sha256, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        throw new DatasetChecksumException(url.ToString(), "MD5", file.GzipMd5, actual);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the name is unique and hidden, and it never takes the final name.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
