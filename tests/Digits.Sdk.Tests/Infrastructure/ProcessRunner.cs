using System.Diagnostics;
using System.Text;

namespace Digits.Sdk.Tests.Infrastructure;

/// <summary>Runs a program to completion as a user would, capturing its exit code and output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Child builds must not inherit the test host's MSBuild node settings.
        start.Environment["MSBUILDNOINPROCNODE"] = null;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}. Output so far:\n{output}\n{error}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), error.ToString());
    }

    public static Result Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, timeout);
}
