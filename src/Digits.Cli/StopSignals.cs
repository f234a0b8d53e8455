using System.Runtime.InteropServices;
using Spectre.Console;

namespace Digits.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a request to stop: the running verb sees
/// <see cref="Token"/> cancelled and stops cleanly (training saves a checkpoint first), and the exit code then says
/// which signal stopped it, as a shell would (<see cref="ErrorBoundary.Canceled"/>, <see cref="ErrorBoundary.Terminated"/>).
/// A second Ctrl+C, or a SIGTERM after <see cref="StopRequests.RepeatWindow"/>, ends the process at once; a SIGTERM
/// within it is the same request (<see cref="StopRequests"/> says why).
/// </summary>
/// <remarks>
/// <see cref="Console.CancelKeyPress"/> sees only SIGINT, so a service manager's or container runtime's SIGTERM used
/// to kill the tool mid-epoch, with nothing saved and the terminal's cursor still hidden by the progress bars.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly TextWriter stderr;
    private readonly PosixSignalRegistration[] registrations;
    private readonly StopRequests requests = new();
    private readonly Lock gate = new();

    /// <summary>Starts listening for SIGINT and SIGTERM.</summary>
    /// <param name="stderr">Where to say that the tool is stopping.</param>
    public StopSignals(TextWriter stderr)
    {
        this.stderr = stderr;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>
    /// The process's exit code for a verb that returned <paramref name="exitCode"/>: a stopped verb returns
    /// <see cref="ErrorBoundary.Canceled"/>, which becomes <see cref="ErrorBoundary.Terminated"/> when SIGTERM stopped it.
    /// </summary>
    public int ExitCode(int exitCode)
        => exitCode == ErrorBoundary.Canceled && FirstSignal == PosixSignal.SIGTERM ? ErrorBoundary.Terminated : exitCode;

    private PosixSignal? FirstSignal
    {
        get
        {
            lock (gate)
            {
                return requests.First;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        StopDecision decision;
        lock (gate)
        {
            decision = requests.Receive(context.Signal);
        }

        switch (decision)
        {
            case StopDecision.Stop:
                context.Cancel = true;
                var again = StopRequests.RepeatWindow.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                stderr.WriteLine(context.Signal == PosixSignal.SIGINT
                    ? "digits: stopping (Ctrl+C again to abort at once)..."
                    : $"digits: stopping on SIGTERM (send it again after {again} s to abort at once)...");
                stop.Cancel();
                break;
            case StopDecision.SameRequest:
                context.Cancel = true;
                break;
            default:
                // The signal's default action ends the process: give the terminal its cursor back first.
                if (!Console.IsOutputRedirected)
                {
                    AnsiConsole.Cursor.Show();
                }

                break;
        }
    }
}
