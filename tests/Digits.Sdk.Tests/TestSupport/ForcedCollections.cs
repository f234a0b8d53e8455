namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// A background thread that runs garbage collections (and the finalizers they queue) back to back until disposed:
/// the worst case of "another thread allocates while TorchSharp calls into libtorch".
/// </summary>
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
                GC.Collect();
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
