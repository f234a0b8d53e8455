namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// A background thread that runs garbage collections (and the finalizers they queue) back to back until disposed:
/// the worst case of "another thread allocates while TorchSharp calls into libtorch".
/// </summary>
/// <remarks>
/// Generation 0 only: TorchSharp's temporary scalars die young, and a full collection of the test host's heap (the
/// MNIST fixture and everything else alive) pauses every thread long enough to slow a test to minutes.
/// </remarks>
internal sealed class ForcedCollections : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Thread collector;

    private ForcedCollections()
    {
        collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true, Name = "forced collections" };
        collector.Start();
    }

    public static ForcedCollections Start() => new();

    public void Dispose()
    {
        stop.Cancel();
        collector.Join();
        stop.Dispose();
    }
}
