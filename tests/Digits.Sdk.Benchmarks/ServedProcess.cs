using System.Diagnostics;
using System.Globalization;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// A prediction server started as its own process on 127.0.0.1 (ours through <c>digits serve</c>, or a peer), ready
/// once its health endpoint answers; disposing stops it.
/// </summary>
internal sealed class ServedProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringWriter log = new();

    private ServedProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>What the tables call it.</summary>
    public string Name { get; }

    /// <summary>Where it listens, for example <c>http://127.0.0.1:8100/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts <paramref name="file"/> and waits until <paramref name="healthPath"/> answers 200.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer in time; the message carries what it printed.</exception>
    public static ServedProcess Start(string name, string file, IEnumerable<string> arguments, Uri baseAddress, string healthPath)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var served = new ServedProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => served.Record(e.Data);
        process.ErrorDataReceived += (_, e) => served.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} before it answered:\n{served.Output}");
            }

            try
            {
                if (client.GetAsync(new Uri(baseAddress, healthPath)).GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return served;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            Thread.Sleep(200);
        }

        served.Dispose();
        throw new InvalidOperationException($"{name} did not answer {healthPath} within {StartTimeout.TotalSeconds:0} s:\n{served.Output}");
    }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>The resident memory of the process (and of its children, for a server with worker processes), in MB.</summary>
    public double ResidentMegabytes()
    {
        process.Refresh();
        return Tree(process.Id).Sum(ResidentKilobytes) / 1024.0;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static IEnumerable<int> Tree(int root)
    {
        yield return root;
        var children = $"/proc/{root}/task/{root}/children";
        if (!File.Exists(children))
        {
            yield break;
        }

        foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var id in Tree(int.Parse(child, CultureInfo.InvariantCulture)))
            {
                yield return id;
            }
        }
    }

    private static long ResidentKilobytes(int id)
    {
        var status = $"/proc/{id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
