using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

public sealed class SynchronousProgressTests
{
    [Fact]
    public void Every_report_reaches_the_handler_on_the_reporting_thread_before_Report_returns()
    {
        var seen = new List<(int Value, int Thread)>();
        var progress = new SynchronousProgress<int>(value => seen.Add((value, Environment.CurrentManagedThreadId)));
        var reporter = 0;
        var countsAfterEachReport = new List<int>();

        // A thread of its own, with no synchronization context: where Progress<T> would post to the thread pool.
        var thread = new Thread(() =>
        {
            reporter = Environment.CurrentManagedThreadId;
            for (var i = 0; i < 1_000; i++)
            {
                progress.Report(i);
                countsAfterEachReport.Add(seen.Count);
            }
        });
        thread.Start();
        thread.Join();

        Assert.Equal(Enumerable.Range(0, 1_000), seen.Select(s => s.Value));
        Assert.All(seen, s => Assert.Equal(reporter, s.Thread));
        Assert.Equal(Enumerable.Range(1, 1_000), countsAfterEachReport);
    }

    [Fact]
    public void An_exception_in_the_handler_reaches_the_reporter()
    {
        var progress = new SynchronousProgress<string>(value => throw new InvalidOperationException(value));

        var error = Assert.Throws<InvalidOperationException>(() => progress.Report("handler failed"));

        Assert.Equal("handler failed", error.Message);
    }

    [Fact]
    public void A_missing_handler_is_refused()
        => Assert.Throws<ArgumentNullException>(() => new SynchronousProgress<int>(null!));
}
