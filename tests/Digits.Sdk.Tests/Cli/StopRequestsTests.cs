using System.Runtime.InteropServices;
using Digits.Cli;

namespace Digits.Sdk.Tests.Cli;

/// <summary>What each stop signal means, on a clock the test moves: one request to stop is one stop, however often it arrives.</summary>
public sealed class StopRequestsTests
{
    private TimeSpan now = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_first_signal_of_either_kind_asks_to_stop()
    {
        Assert.Equal(StopDecision.Stop, new StopRequests(() => now).Receive(PosixSignal.SIGTERM));
        Assert.Equal(StopDecision.Stop, new StopRequests(() => now).Receive(PosixSignal.SIGINT));
    }

    [Fact]
    public void SIGTERMs_that_repeat_the_first_within_the_window_are_the_same_request_as_timeout_sends_them()
    {
        var requests = new StopRequests(() => now);
        requests.Receive(PosixSignal.SIGTERM);

        // timeout signals the child, then its process group: the second arrives microseconds later.
        Assert.Equal(StopDecision.SameRequest, requests.Receive(PosixSignal.SIGTERM));
        now += StopRequests.RepeatWindow - TimeSpan.FromMilliseconds(1);
        Assert.Equal(StopDecision.SameRequest, requests.Receive(PosixSignal.SIGTERM));
        Assert.Equal(PosixSignal.SIGTERM, requests.First);
    }

    [Fact]
    public void A_SIGTERM_after_the_window_aborts_at_once()
    {
        var requests = new StopRequests(() => now);
        requests.Receive(PosixSignal.SIGTERM);
        now += StopRequests.RepeatWindow;

        Assert.Equal(StopDecision.Abort, requests.Receive(PosixSignal.SIGTERM));
    }

    [Fact]
    public void A_second_Ctrl_C_aborts_at_once_however_soon_it_comes()
    {
        var requests = new StopRequests(() => now);
        requests.Receive(PosixSignal.SIGINT);

        Assert.Equal(StopDecision.Abort, requests.Receive(PosixSignal.SIGINT));
    }

    [Fact]
    public void Ctrl_C_during_a_stop_that_SIGTERM_asked_for_aborts_at_once()
    {
        var requests = new StopRequests(() => now);
        requests.Receive(PosixSignal.SIGTERM);

        Assert.Equal(StopDecision.Abort, requests.Receive(PosixSignal.SIGINT));
        Assert.Equal(PosixSignal.SIGTERM, requests.First);
    }
}
