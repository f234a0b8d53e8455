using System.Diagnostics;
using System.Threading.Channels;
using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Metrics;

namespace Digits.Sdk.Serving.Batching;

/// <summary>
/// Gathers the samples of concurrent requests into one model run on the one shared classifier, as Triton's dynamic
/// batcher does: the first sample waits at most <see cref="DigitServingOptions.MaxBatchWait"/> for others, and a
/// batch never exceeds <see cref="DigitServingOptions.MaxBatchSize"/>. While a batch runs the next one fills, so under
/// load batches form without waiting at all.
/// </summary>
/// <remarks>
/// With a maximum batch size of 1 there is no queue: each request runs the model on its own thread, as ONNX Runtime
/// sessions allow. After <see cref="StopAsync"/> (the host is shutting down and the server has drained) samples run
/// the same way, so a request that arrives late is still answered.
/// </remarks>
internal sealed class PredictionBatcher
{
    private readonly DigitClassifier classifier;
    private readonly ServingMetrics metrics;
    private readonly int maxBatchSize;
    private readonly long maxWaitTicks;
    private readonly Channel<Pending>? queue;
    private readonly Task loop = Task.CompletedTask;

    public PredictionBatcher(DigitClassifier classifier, DigitServingOptions options, ServingMetrics metrics)
    {
        this.classifier = classifier;
        this.metrics = metrics;
        maxBatchSize = options.MaxBatchSize;
        maxWaitTicks = (long)(options.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
        if (maxBatchSize > 1)
        {
            queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
            loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Whether concurrent samples share model runs.</summary>
    public bool IsBatching => queue is not null;

    /// <summary>Classifies one sample (intensities in [0, 1], the model's input size), in a batch with others if batching.</summary>
    public Task<Prediction> PredictAsync(float[] pixels)
    {
        var pending = new Pending(pixels);
        if (queue is null || !queue.Writer.TryWrite(pending))
        {
            metrics.RecordBatch(1);
            return Task.FromResult(classifier.Predict(pixels));
        }

        return pending.Result.Task;
    }

    /// <summary>Stops taking samples into batches and waits for the queued ones to be answered.</summary>
    public Task StopAsync()
    {
        queue?.Writer.TryComplete();
        return loop;
    }

    private async Task RunAsync()
    {
        var reader = queue!.Reader;
        var batch = new List<Pending>(maxBatchSize);
        Task<bool>? arrival = null;
        while (true)
        {
            // A wait left over from the previous batch's gathering is the one to finish: the reader allows one waiter.
            var more = await (arrival ?? reader.WaitToReadAsync().AsTask()).ConfigureAwait(false);
            arrival = null;
            if (!more)
            {
                return;
            }

            batch.Clear();
            var deadline = Stopwatch.GetTimestamp() + maxWaitTicks;
            while (batch.Count < maxBatchSize)
            {
                if (reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    continue;
                }

                var remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0 || batch.Count == 0)
                {
                    break;
                }

                // Wait for the next sample or the deadline, whichever comes first; a wait that loses the race is
                // kept for the next round rather than abandoned.
                arrival ??= reader.WaitToReadAsync().AsTask();
                var delay = Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
                if (await Task.WhenAny(arrival, delay).ConfigureAwait(false) != arrival)
                {
                    break;
                }

                var open = await arrival.ConfigureAwait(false);
                arrival = null;
                if (!open)
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                Run(batch);
            }
        }
    }

    private void Run(List<Pending> batch)
    {
        metrics.RecordBatch(batch.Count);
        try
        {
            var predictions = classifier.PredictBatch(batch.Select(p => p.Pixels).ToArray());
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(predictions[i]);
            }
        }
        catch (Exception error)
        {
            // A failed run (a disposed classifier, an ONNX Runtime error) fails its own requests, not the loop.
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(error);
            }
        }
    }

    private sealed class Pending(float[] pixels)
    {
        public float[] Pixels { get; } = pixels;

        // Continuations run on the thread pool, never inline on the batch loop, so one slow response cannot stall the next batch.
        public TaskCompletionSource<Prediction> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
