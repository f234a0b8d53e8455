using System.Diagnostics;
using System.Text.Json;

namespace Digits.Sdk.Benchmarks;

/// <summary>Runs a peer script and collects the JSON lines it prints, with its wall time measured from outside.</summary>
internal static class PeerProcess
{
    public static (IReadOnlyList<JsonElement> Lines, double WallSeconds)? Run(string module, string script, IEnumerable<string> arguments)
    {
        var python = BenchmarkEnvironment.FindPython(module);
        if (python is null)
        {
            Console.Error.WriteLine($"No Python with {module} found for the peer: install python3-{module} (apt-get install -y python3-{module}) or set DIGITS_PYTHON.");
            return null;
        }

        var clock = Stopwatch.StartNew();
        var (code, output) = BenchmarkEnvironment.RunProcess(python, [BenchmarkEnvironment.Peer(script), .. arguments]);
        var wall = clock.Elapsed.TotalSeconds;
        if (code != 0)
        {
            Console.Error.WriteLine($"The peer {script} failed (exit {code}):\n{output}");
            return null;
        }

        var lines = output.Split('\n')
            .Where(line => line.TrimStart().StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return (lines, wall);
    }
}
