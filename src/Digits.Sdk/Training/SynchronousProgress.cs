namespace Digits.Sdk.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once, on the thread that reports, in the order of the
/// reports.
/// </summary>
/// <remarks>
/// <see cref="Progress{T}"/> posts each report to the captured synchronization context, or to the thread pool when
/// there is none (a console app, a test): reports then arrive late, on other threads and out of order, and a
/// progress bar can show batch 90 after batch 100 or "completed" before the last batch. Training reports from the
/// thread that trains, so a handler given here sees every report before the next batch starts. The handler runs
/// inside the training loop: keep it short, and marshal to a UI thread yourself if you need one.
/// </remarks>
/// <typeparam name="T">The type of the reports, such as <see cref="TrainingProgress"/>.</typeparam>
/// <example>
/// <code>
/// var progress = new SynchronousProgress&lt;TrainingProgress&gt;(p => Console.Write($"\repoch {p.Epoch} batch {p.Batch}"));
/// var run = Trainer.For(() => new LeNet5()).Fit(split.Train, split.Validation, progress);
/// </code>
/// </example>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> handler;

    /// <summary>Creates a progress sink that calls <paramref name="handler"/> for every report.</summary>
    /// <param name="handler">Called with each report, on the reporting thread, before <see cref="Report"/> returns.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    public SynchronousProgress(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        this.handler = handler;
    }

    /// <summary>Calls the handler with <paramref name="value"/> and returns when it has.</summary>
    /// <param name="value">The report.</param>
    public void Report(T value) => handler(value);
}
