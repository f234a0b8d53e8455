using System.Diagnostics;
using System.Text;

namespace Digits.Sdk.Tests.Infrastructure;

/// <summary>
/// The built <c>digits</c> tool running in the background, as one worker of a study: its process can be killed
/// (SIGKILL, nothing saved) or waited for. Disposing kills it if it still runs.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>The process id, which the study records in the worker's name (<c>machine:pid</c>).</summary>
    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static WorkerProcess Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = BuildEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DigitsTool.Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the digits tool.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(worker.output, e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(worker.error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return worker;
    }

    /// <summary>Ends the process at once with SIGKILL: no handler runs, no trial is given back.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public ProcessRunner.Result WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"The worker {process.Id} did not finish within {timeout}. Output so far:\n{Output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessRunner.Result(process.ExitCode, output.ToString(), error.ToString());
        }
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString() + error;
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(StringBuilder into, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                into.AppendLine(line);
            }
        }
    }
}
