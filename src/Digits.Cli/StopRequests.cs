using System.Runtime.InteropServices;

namespace Digits.Cli;

/// <summary>
/// Decides what each SIGINT or SIGTERM means: the first asks the running verb to stop; a SIGTERM that repeats the
/// first within <see cref="RepeatWindow"/> is the same request; any other signal after the first aborts at once.
/// </summary>
/// <remarks>
/// <c>timeout</c>, and many supervisors, signal the child and then their whole process group, so one stop request
/// reaches the tool as two SIGTERMs microseconds apart. Counting the second as "abort at once" killed training while
/// it saved its checkpoint, and could leave the temporary file of that write behind. A user who means to abort sends
/// SIGTERM again later, or presses Ctrl+C a second time: a terminal sends one SIGINT per press, so SIGINT never repeats.
/// </remarks>
internal sealed class StopRequests
{
    /// <summary>How long after the first SIGTERM another SIGTERM still belongs to the same stop request.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(2);

    private readonly Func<TimeSpan> clock;
    private PosixSignal? first;
    private TimeSpan firstAt;

    /// <param name="clock">Time since any fixed moment; <see cref="Environment.TickCount64"/> when not given.</param>
    public StopRequests(Func<TimeSpan>? clock = null)
    {
        this.clock = clock ?? (() => TimeSpan.FromMilliseconds(Environment.TickCount64));
    }

    /// <summary>The signal that asked to stop, or <see langword="null"/> before any.</summary>
    public PosixSignal? First => first;

    /// <summary>What <paramref name="signal"/>, arriving now, asks for. Called for one signal at a time.</summary>
    public StopDecision Receive(PosixSignal signal)
    {
        var now = clock();
        if (first is null)
        {
            first = signal;
            firstAt = now;
            return StopDecision.Stop;
        }

        return signal == PosixSignal.SIGTERM && first == PosixSignal.SIGTERM && now - firstAt < RepeatWindow
            ? StopDecision.SameRequest
            : StopDecision.Abort;
    }
}

/// <summary>What a stop signal asks of the tool (<see cref="StopRequests.Receive"/>).</summary>
internal enum StopDecision
{
    /// <summary>Stop the running verb cleanly: training saves a checkpoint first.</summary>
    Stop,

    /// <summary>A repeat of the stop already under way: nothing more to do.</summary>
    SameRequest,

    /// <summary>End the process at once, as the signal's default action does.</summary>
    Abort,
}
