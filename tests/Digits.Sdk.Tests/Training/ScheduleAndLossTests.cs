using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Training;

public sealed class ScheduleAndLossTests
{
    [Fact]
    public void One_cycle_warms_up_to_the_peak_then_anneals_far_below_the_start()
    {
        var schedule = Schedules.OneCycle(maxLearningRate: 0.1);
        const long total = 1000;

        var rates = Enumerable.Range(0, (int)total).Select(step => schedule.RateAt(0.5, step, total, 100)).ToArray();

        Assert.Equal(0.1 / 25, rates[0], 12);
        Assert.Equal(0.1, rates.Max(), 6);
        var peak = Array.IndexOf(rates, rates.Max());
        Assert.InRange(peak, 240, 260);
        Assert.Equal(0.1 / 25 / 1e4, rates[^1], 12);
        Assert.True(rates.Take(peak).Zip(rates.Skip(1).Take(peak - 1)).All(p => p.First <= p.Second));
        Assert.True(rates.Skip(peak).Zip(rates.Skip(peak + 1)).All(p => p.First >= p.Second));
    }

    [Fact]
    public void Step_decays_every_few_epochs_and_cosine_ends_at_its_floor()
    {
        var step = Schedules.Step(everyEpochs: 2, gamma: 0.5);
        Assert.Equal([1, 1, 0.5, 0.5, 0.25], Enumerable.Range(0, 5).Select(epoch => step.RateAt(1, epoch * 10, 50, 10)));

        var cosine = Schedules.Cosine(minimumFactor: 0.1);
        Assert.Equal(2, cosine.RateAt(2, 0, 101, 10), 12);
        Assert.Equal(1.1, cosine.RateAt(2, 50, 101, 10), 12);
        Assert.Equal(0.2, cosine.RateAt(2, 100, 101, 10), 12);
    }

    [Fact]
    public void The_multiclass_hinge_is_the_Crammer_Singer_loss()
    {
        Digits.Sdk.Native.TorchRuntime.EnsureAvailable();
        using var logits = tensor(new float[] { 2, 1, 0, /**/ 0, 0.5f, 3, /**/ 1, 1, 1 }).reshape(3, 3);
        using var labels = tensor(new long[] { 0, 1, 2 });

        using var loss = Losses.MultiClassHinge(margin: 1).Compute(logits, labels);

        // Row 0: 1 + max(1, 0) − 2 = 0. Row 1: 1 + 3 − 0.5 = 3.5. Row 2: 1 + 1 − 1 = 1.
        Assert.Equal((0 + 3.5 + 1) / 3, loss.item<float>(), 5);
    }

    [Fact]
    public void Cross_entropy_with_label_smoothing_is_larger_on_confident_correct_predictions()
    {
        Digits.Sdk.Native.TorchRuntime.EnsureAvailable();
        using var logits = tensor(new float[] { 10, 0, 0 }).reshape(1, 3);
        using var labels = tensor(new long[] { 0 });

        using var plain = Losses.CrossEntropy().Compute(logits, labels);
        using var smoothed = Losses.CrossEntropy(labelSmoothing: 0.1).Compute(logits, labels);

        Assert.True(smoothed.item<float>() > plain.item<float>() + 0.1);
    }
}
