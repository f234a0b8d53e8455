namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// Beats for one claimed trial on its own thread while the trial trains: every beat extends the lease and records
/// how far training is. When a beat finds the trial taken over (the lease ran out while this process was stalled or
/// cut off), or no beat has got through for a whole lease, it cancels <see cref="Lost"/> so training stops: the
/// trial is someone else's now.
/// </summary>
internal sealed class TrialHeartbeat : IDisposable
{
    private readonly IStudyStore store;
    private readonly TrialLease lease;
    private readonly TimeSpan interval;
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource lost = new();
    private readonly Thread thread;
    private string? progress;
    private bool disposed;

    public TrialHeartbeat(IStudyStore store, TrialLease lease)
    {
        this.store = store;
        this.lease = lease;

        // Several beats per lease, so one slow beat does not lose it.
        interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, lease.Duration.Ticks / 6));
        thread = new Thread(Beat) { IsBackground = true, Name = $"digits heartbeat of trial {lease.Number}" };
        thread.Start();
    }

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => lost.Token;

    /// <summary>Whether the lease was lost.</summary>
    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>The last error a beat met, for the message when the lease is lost that way.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>What the next beat records about training, such as <c>epoch 2/3, batch 120/430</c>.</summary>
    public string? Progress
    {
        set => Volatile.Write(ref progress, value);
    }

    /// <summary>Stops beating (the trial is about to be recorded or given back) and waits for a beat in flight.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stop.Cancel();
        thread.Join();
        stop.Dispose();
    }

    private void Beat()
    {
        var lastBeat = DateTime.UtcNow;
        while (!stop.Token.WaitHandle.WaitOne(interval))
        {
            try
            {
                if (!store.Heartbeat(lease, Volatile.Read(ref progress)))
                {
                    lost.Cancel();
                    return;
                }

                lastBeat = DateTime.UtcNow;
            }
            catch (StudyStorageException error)
            {
                // The database is out of reach for now; keep trying until the lease would have run out anyway.
                LastError = error;
                if (DateTime.UtcNow - lastBeat > lease.Duration)
                {
                    lost.Cancel();
                    return;
                }
            }
        }
    }
}
