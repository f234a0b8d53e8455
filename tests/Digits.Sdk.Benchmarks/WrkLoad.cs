using System.Globalization;
using System.Text.RegularExpressions;

namespace Digits.Sdk.Benchmarks;

/// <summary>What one <c>wrk</c> run measured.</summary>
/// <param name="RequestsPerSecond">Completed requests per second.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P99Milliseconds">99th-percentile latency.</param>
/// <param name="Requests">Completed requests.</param>
/// <param name="Errors">Non-2xx answers plus socket errors (connect, read, write, timeout).</param>
internal sealed record WrkResult(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Requests, long Errors);

/// <summary>
/// Drives a server with <c>wrk</c> (Debian's package): <c>POST</c>s of real PNG bodies, taken in turn from a folder, on
/// a fixed number of keep-alive connections for a fixed time, loopback only.
/// </summary>
internal static partial class WrkLoad
{
    /// <summary>
    /// The request script: each connection's next request posts the next picture of the folder given as wrk's first
    /// argument (files 0.png … N-1.png, N the second argument).
    /// </summary>
    private const string Script = """
        local bodies = {}
        local index = 0
        init = function(args)
          for i = 0, tonumber(args[2]) - 1 do
            local file = assert(io.open(args[1] .. "/" .. i .. ".png", "rb"))
            bodies[#bodies + 1] = file:read("*all")
            file:close()
          end
        end
        request = function()
          index = index % #bodies + 1
          return wrk.format("POST", nil, { ["Content-Type"] = "image/png" }, bodies[index])
        end
        """;

    /// <summary>Whether wrk is installed.</summary>
    public static bool Available => File.Exists("/usr/bin/wrk");

    /// <summary>Writes the request script beside the pictures and returns its path.</summary>
    public static string WriteScript(string folder)
    {
        var path = Path.Combine(folder, "post-pictures.lua");
        File.WriteAllText(path, Script);
        return path;
    }

    /// <summary>Runs wrk against <paramref name="url"/> with <paramref name="connections"/> connections for <paramref name="seconds"/>.</summary>
    /// <exception cref="InvalidOperationException">wrk failed or printed something this parser does not know.</exception>
    public static WrkResult Run(Uri url, string script, string pictures, int pictureCount, int connections, int seconds)
    {
        // Two threads at most: the machine's cores are shared with the server being measured.
        var threads = Math.Min(connections, Math.Min(2, Environment.ProcessorCount));
        var (code, output) = BenchmarkEnvironment.RunProcess("wrk",
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "10s", "--latency", "-s", script, url.ToString(), "--", pictures,
            pictureCount.ToString(CultureInfo.InvariantCulture),
        ]);
        if (code != 0)
        {
            throw new InvalidOperationException($"wrk failed (exit {code}):\n{output}");
        }

        var rate = Number(RateLine().Match(output), output);
        var p50 = Duration(PercentileLine("50").Match(output), output);
        var p99 = Duration(PercentileLine("99").Match(output), output);
        var requests = (long)Number(RequestsLine().Match(output), output);
        var non2xx = NonSuccessLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(rate, p50, p99, requests, non2xx + socket);
    }

    private static double Number(Match match, string output) => match.Success
        ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"Unexpected wrk output:\n{output}");

    private static double Duration(Match match, string output)
    {
        var value = Number(match, output);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            var unit => throw new InvalidOperationException($"Unknown wrk time unit '{unit}' in:\n{output}"),
        };
    }

    private static Regex PercentileLine(string percent) => new($@"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s+(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
