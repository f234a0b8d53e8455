using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Batching;
using Digits.Sdk.Serving.Metrics;
using Digits.Sdk.Serving.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Digits.Sdk.Serving.Tests.Batching;

public sealed class DynamicBatchingTests
{
    private static readonly float[][] Samples = MnistPictures.TestSet.Images.Take(64).Select(image => image.Select(p => p / 255f).ToArray()).ToArray();

    private static ServingMetrics NewMetrics() => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    [Fact]
    public async Task Samples_submitted_together_share_runs_of_at_most_the_maximum_batch_size()
    {
        var metrics = NewMetrics();
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 16, MaxBatchWait = TimeSpan.FromSeconds(1) }, metrics);

        // As the endpoints do: the request is announced, its samples submitted, then it says they are all in.
        Task<Prediction[]> all;
        using (batcher.Announce())
        {
            all = Task.WhenAll(Samples.Select(batcher.PredictAsync));
        }

        var predictions = await all.WaitAsync(TimeSpan.FromSeconds(30));
        await batcher.StopAsync();

        for (var i = 0; i < Samples.Length; i++)
        {
            Assert.Equal(Pretrained.Classifier.Predict(Samples[i]).Label, predictions[i].Label);
        }

        var text = metrics.ToPrometheusText();
        var runs = Sample(text, "digits_batch_size_count");
        Assert.True(runs < Samples.Length, $"{Samples.Length} samples took {runs} runs: nothing was batched");
        Assert.True(runs >= Samples.Length / 16, $"{runs} runs for {Samples.Length} samples would exceed the maximum of 16");
        Assert.Equal(runs, Sample(text, "digits_batch_size_bucket{le=\"16\"}"));
        Assert.Equal(Samples.Length, Sample(text, "digits_batch_size_sum"));
    }

    [Fact]
    public async Task A_maximum_batch_size_of_one_runs_each_sample_on_its_own()
    {
        var metrics = NewMetrics();
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 1 }, metrics);

        var predictions = await Task.WhenAll(Samples.Take(8).Select(batcher.PredictAsync));

        Assert.False(batcher.IsBatching);
        Assert.Equal(8, Sample(metrics.ToPrometheusText(), "digits_batch_size_bucket{le=\"1\"}"));
        Assert.Equal(Pretrained.Classifier.Predict(Samples[0]).Probabilities, predictions[0].Probabilities);
    }

    [Fact]
    public async Task A_batch_waits_no_longer_for_requests_once_none_is_on_its_way()
    {
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromSeconds(1) }, NewMetrics());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Task<Prediction> prediction;
        using (batcher.Announce())
        {
            prediction = batcher.PredictAsync(Samples[0]);
        }

        await prediction.WaitAsync(TimeSpan.FromSeconds(30));
        await batcher.StopAsync();

        // A whole second of waiting for other samples would mean the batcher ignored that nothing else was coming.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"a lone request took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_lone_sample_waits_no_longer_than_the_maximum_wait()
    {
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromMilliseconds(1) }, NewMetrics());

        var prediction = await batcher.PredictAsync(Samples[0]).WaitAsync(TimeSpan.FromSeconds(10));
        await batcher.StopAsync();

        Assert.Equal(Pretrained.Classifier.Predict(Samples[0]).Label, prediction.Label);
    }

    [Fact]
    public async Task A_lone_one_sample_request_runs_on_its_own_thread_without_waiting_for_the_batcher()
    {
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromSeconds(1) }, NewMetrics());

        var prediction = batcher.PredictAloneAsync(Samples[2], batcher.Announce());

        // Answered before the call returned: no hop to the batcher's thread and back.
        Assert.True(prediction.IsCompletedSuccessfully);
        Assert.Equal(Pretrained.Classifier.Predict(Samples[2]).Probabilities, (await prediction).Probabilities);
        await batcher.StopAsync();
    }

    [Fact]
    public async Task A_one_sample_request_runs_alone_while_a_model_run_is_free_even_with_other_requests_on_their_way()
    {
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromSeconds(1), MaxConcurrentBatches = 1 }, NewMetrics());

        using var other = batcher.Announce();
        var prediction = batcher.PredictAloneAsync(Samples[5], batcher.Announce());

        // Nothing is queued and the one model run is free: waiting for the other request could only add latency.
        Assert.True(prediction.IsCompletedSuccessfully);
        Assert.Equal(Pretrained.Classifier.Predict(Samples[5]).Probabilities, (await prediction).Probabilities);
        other.Dispose();
        await batcher.StopAsync();
    }

    [Fact]
    public async Task A_one_sample_request_joins_a_batch_that_is_forming()
    {
        var metrics = NewMetrics();
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromSeconds(1) }, metrics);

        // A request of several samples is queued and its batch waits for the announced one-sample request.
        var other = batcher.Announce();
        Task<Prediction> first;
        using (batcher.Announce())
        {
            first = batcher.PredictAsync(Samples[3]);
        }

        var second = batcher.PredictAloneAsync(Samples[4], other);
        var predictions = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        await batcher.StopAsync();

        // The one-sample request found samples queued, so it joined them: the two ran as one batch.
        Assert.Equal(1, Sample(metrics.ToPrometheusText(), "digits_batch_size_count"));
        Assert.Equal(Pretrained.Classifier.Predict(Samples[4]).Label, predictions[1].Label);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Batches_and_lone_samples_run_the_model_at_most_the_allowed_number_of_times_at_once(int concurrentBatches)
    {
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions { MaxBatchSize = 4, MaxBatchWait = TimeSpan.FromMilliseconds(1), MaxConcurrentBatches = concurrentBatches }, NewMetrics());

        // Requests as the endpoints make them, from many threads at once: some of one sample, some of several.
        var requests = Enumerable.Range(0, 48).Select(i => Task.Run(() =>
        {
            var arrival = batcher.Announce();
            if (i % 3 == 0)
            {
                return batcher.PredictAloneAsync(Samples[i], arrival).ContinueWith(t => new[] { t.Result }, TaskScheduler.Default);
            }

            using (arrival)
            {
                return Task.WhenAll(Samples.Skip(i).Take(3).Select(batcher.PredictAsync));
            }
        }));
        var answers = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
        await batcher.StopAsync();

        Assert.All(answers.Select((predictions, i) => (predictions, i)), answer =>
            Assert.Equal(Pretrained.Classifier.Predict(Samples[answer.i]).Label, answer.predictions[0].Label));
        Assert.InRange(batcher.PeakRunning, 1, concurrentBatches);
    }

    [Fact]
    public async Task Samples_after_stopping_are_still_answered_without_batching()
    {
        var batcher = new PredictionBatcher(Pretrained.Classifier, new DigitServingOptions(), NewMetrics());
        await batcher.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var prediction = await batcher.PredictAsync(Samples[1]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Pretrained.Classifier.Predict(Samples[1]).Label, prediction.Label);
    }

    private static double Sample(string text, string name)
        => double.Parse(text.Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
