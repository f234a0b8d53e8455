using System.Globalization;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>Who holds a trial: a worker name unique across machines (<c>machine:pid</c>) and the machine's name.</summary>
/// <param name="Worker">The worker's name.</param>
/// <param name="Machine">The machine's name.</param>
internal sealed record WorkerIdentity(string Worker, string Machine)
{
    private static int started;

    /// <summary>
    /// This process as a worker: <c>machine:pid</c>, with <c>/2</c>, <c>/3</c>... for further workers in the same
    /// process (several searches at once in one program, or a test).
    /// </summary>
    public static WorkerIdentity Next()
    {
        var machine = Environment.MachineName;
        var count = Interlocked.Increment(ref started);
        var name = string.Create(CultureInfo.InvariantCulture, $"{machine}:{Environment.ProcessId}");
        return new WorkerIdentity(count == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}/{count}"), machine);
    }
}
