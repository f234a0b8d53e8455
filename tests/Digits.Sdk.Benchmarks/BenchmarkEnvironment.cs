using System.Diagnostics;

namespace Digits.Sdk.Benchmarks;

/// <summary>Where benchmarks find the repository, the data sets and a Python with the peers' packages.</summary>
internal static class BenchmarkEnvironment
{
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Digits.Sdk.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"No Digits.Sdk.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary><c>DIGITS_DATA</c>, else <c>&lt;repo&gt;/../shared/datasets</c>, like the tests.</summary>
    public static string DataRoot
        => Environment.GetEnvironmentVariable("DIGITS_DATA") is { Length: > 0 } root
            ? Path.GetFullPath(root)
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets"));

    public static string Peer(string script) => Path.Combine(RepositoryRoot, "tests", "Digits.Sdk.Benchmarks", "peers", script);

    /// <summary>
    /// The first Python that can import <paramref name="module"/>: <c>DIGITS_PYTHON</c>, the system
    /// <c>/usr/bin/python3</c> (where apt installs numpy), then whatever <c>python3</c> is on the path.
    /// </summary>
    public static string? FindPython(string module)
    {
        string?[] candidates = [Environment.GetEnvironmentVariable("DIGITS_PYTHON"), "/usr/bin/python3", "python3"];
        foreach (var candidate in candidates.OfType<string>().Where(c => c.Length > 0))
        {
            try
            {
                var (code, _) = RunProcess(candidate, ["-c", $"import {module}"]);
                if (code == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name; try the next.
            }
        }

        return null;
    }

    public static (int ExitCode, string Output) RunProcess(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            // dotnet finds a project's nuget.config from the folder it runs in.
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
