using System.Diagnostics;
using Digits.Sdk.Inference;
using Digits.Sdk.Serving.Metrics;

namespace Digits.Sdk.Serving.Batching;

/// <summary>
/// Gathers the samples of concurrent requests into one model run on the one shared classifier, as Triton's dynamic
/// batcher does: a batch never exceeds <see cref="DigitServingOptions.MaxBatchSize"/>, and its first sample waits at
/// most <see cref="DigitServingOptions.MaxBatchWait"/> for others — but only while other requests are on their way
/// (announced, still being read and decoded). Under load, batches fill from the requests that arrive while the
/// previous batches run.
/// </summary>
/// <remarks>
/// <para>
/// A request of one sample that finds nothing queued and a model run free (fewer than
/// <see cref="DigitServingOptions.MaxConcurrentBatches"/> in progress) runs the model on its own thread at once
/// (<see cref="PredictAloneAsync"/>). Batches therefore form only when the model is the bottleneck: on a CPU a
/// convolution costs about as much per sample in a batch as alone, and handing a sample to a batch loop's thread and
/// its answer back costs two thread switches, which for a small model is a quarter of a request's time.
/// </para>
/// <para>
/// Up to <see cref="DigitServingOptions.MaxConcurrentBatches"/> model runs (batches and lone samples) are in progress
/// at once, each batch on a loop of its own (Triton's instance count): with one ONNX Runtime thread per run, a single
/// loop would leave the other cores to decoding while requests queue for the model. One loop at a time forms a
/// batch, so two loops never split the samples of one moment between them.
/// </para>
/// <para>
/// The batch loops run on threads of their own rather than on the thread pool: under load the pool's queue is full
/// of requests, and a batch loop queued behind them would leave those requests waiting for it.
/// </para>
/// <para>
/// With a maximum batch size of 1 there is no queue: each request runs the model on its own thread, as ONNX Runtime
/// sessions allow. After <see cref="StopAsync"/> (the host has stopped and the server has drained) samples run the
/// same way, so a request that arrives late is still answered.
/// </para>
/// </remarks>
internal sealed class PredictionBatcher
{
    private readonly DigitClassifier classifier;
    private readonly ServingMetrics metrics;
    private readonly int maxBatchSize;
    private readonly int maxRuns;
    private readonly long maxWaitTicks;
    // A monitor, not a Lock: the batcher waits on it with a timeout and is pulsed when samples arrive.
    private readonly object gate = new();
    private readonly Queue<Pending> queue = new();
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int announced;
    // Model runs in progress: batches on the loops plus lone samples on their requests' threads.
    private int running;
    private int loopsRunning;
    private bool forming;
    private bool stopping;

    public PredictionBatcher(DigitClassifier classifier, DigitServingOptions options, ServingMetrics metrics)
    {
        this.classifier = classifier;
        this.metrics = metrics;
        maxBatchSize = options.MaxBatchSize;
        maxRuns = options.MaxConcurrentBatches;
        maxWaitTicks = (long)(options.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
        if (IsBatching)
        {
            loopsRunning = maxRuns;
            for (var i = 0; i < maxRuns; i++)
            {
                new Thread(Run) { IsBackground = true, Name = $"Digits.Sdk.Serving batcher {i + 1}" }.Start();
            }
        }
        else
        {
            stopped.SetResult();
        }
    }

    /// <summary>Whether concurrent samples share model runs.</summary>
    public bool IsBatching => maxBatchSize > 1;

    /// <summary>The most model runs (batches and lone samples) that were in progress at once since the start.</summary>
    public int PeakRunning { get; private set; }

    /// <summary>
    /// Says a request has begun and will submit samples soon, so a forming batch may wait for them; dispose the
    /// result once the request's samples are submitted (or it failed).
    /// </summary>
    public Arrival Announce()
    {
        if (!IsBatching)
        {
            return new Arrival(null);
        }

        lock (gate)
        {
            announced++;
        }

        return new Arrival(this);
    }

    /// <summary>Classifies one sample (intensities in [0, 1], the model's input size), in a batch with others if batching.</summary>
    public Task<Prediction> PredictAsync(float[] pixels)
    {
        if (IsBatching)
        {
            var pending = new Pending(pixels);
            lock (gate)
            {
                if (!stopping)
                {
                    queue.Enqueue(pending);
                    // Wake a batch loop for a first sample, and the forming one when its batch is full (all of them, as
                    // the idle loops wait on the same monitor).
                    if (queue.Count == 1)
                    {
                        Monitor.Pulse(gate);
                    }
                    else if (queue.Count >= maxBatchSize && forming)
                    {
                        Monitor.PulseAll(gate);
                    }

                    return pending.Result.Task;
                }
            }
        }

        metrics.RecordBatch(1);
        return Task.FromResult(classifier.Predict(pixels));
    }

    /// <summary>
    /// Classifies the one sample of the request <paramref name="arrival"/> announced: on the calling thread when nothing
    /// is queued and a model run is free, else in a batch as <see cref="PredictAsync"/> does.
    /// Disposes <paramref name="arrival"/> either way.
    /// </summary>
    public Task<Prediction> PredictAloneAsync(float[] pixels, Arrival arrival)
    {
        bool alone;
        lock (gate)
        {
            // Announced counts this request too, until its arrival is disposed.
            alone = !IsBatching || stopping || (queue.Count == 0 && running < maxRuns);
            if (alone)
            {
                StartRun();
            }
        }

        if (!alone)
        {
            var batched = PredictAsync(pixels);
            arrival.Dispose();
            return batched;
        }

        arrival.Dispose();
        try
        {
            metrics.RecordBatch(1);
            return Task.FromResult(classifier.Predict(pixels));
        }
        finally
        {
            lock (gate)
            {
                running--;
                if (queue.Count > 0)
                {
                    // Samples queued while every run was busy: this run's end frees one for a batch loop.
                    Monitor.Pulse(gate);
                }
            }
        }
    }

    /// <summary>Stops taking samples into batches and waits for the queued ones to be answered.</summary>
    public Task StopAsync()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }

        return stopped.Task;
    }

    private void Arrived()
    {
        lock (gate)
        {
            // Nothing more is on its way: a forming batch need not wait. Only then: waking every idle loop at the end
            // of every request cost a thread switch per loop, which made lone requests 10-25% slower.
            if (--announced == 0 && forming)
            {
                Monitor.PulseAll(gate);
            }
        }
    }

    private void Run()
    {
        var batch = new List<Pending>(maxBatchSize);
        try
        {
            while (true)
            {
                batch.Clear();
                lock (gate)
                {
                    // One loop forms a batch at a time; the others wait for it to take its samples, so two loops never
                    // split the requests of one moment between them. A batch also waits for a free model run, which a
                    // lone sample on its request's thread may hold.
                    while ((queue.Count == 0 || forming || running >= maxRuns) && !stopping)
                    {
                        Monitor.Wait(gate);
                    }

                    if (queue.Count == 0)
                    {
                        // Stopping, and nothing left to answer.
                        return;
                    }

                    if (forming)
                    {
                        // Stopping while another loop forms a batch: it takes what is queued, or leaves the rest to this one.
                        Monitor.Wait(gate, TimeSpan.FromMilliseconds(1));
                        continue;
                    }

                    forming = true;
                    var deadline = Stopwatch.GetTimestamp() + maxWaitTicks;
                    while (queue.Count < maxBatchSize && announced > 0 && !stopping)
                    {
                        var remaining = deadline - Stopwatch.GetTimestamp();
                        if (remaining <= 0)
                        {
                            break;
                        }

                        Monitor.Wait(gate, TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
                    }

                    while (batch.Count < maxBatchSize && queue.TryDequeue(out var pending))
                    {
                        batch.Add(pending);
                    }

                    forming = false;
                    StartRun();
                    if (queue.Count > 0)
                    {
                        // What did not fit is the next batch's: another loop may form it while this one runs.
                        Monitor.Pulse(gate);
                    }
                }

                RunBatch(batch);
                lock (gate)
                {
                    running--;
                    if (queue.Count > 0)
                    {
                        // Another loop may be waiting for the run this one frees.
                        Monitor.Pulse(gate);
                    }
                }
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref loopsRunning) == 0)
            {
                stopped.TrySetResult();
            }
        }
    }

    /// <summary>Counts a model run that is about to start; called under the gate.</summary>
    private void StartRun()
    {
        running++;
        PeakRunning = Math.Max(PeakRunning, running);
    }

    private void RunBatch(List<Pending> batch)
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
            // A failed run (a disposed classifier, an ONNX Runtime error) fails its own requests, not the batcher.
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(error);
            }
        }
    }

    /// <summary>A request on its way to the batcher; disposing it says its samples are in (once, however often called).</summary>
    internal sealed class Arrival(PredictionBatcher? batcher) : IDisposable
    {
        private PredictionBatcher? batcher = batcher;

        public void Dispose() => Interlocked.Exchange(ref batcher, null)?.Arrived();
    }

    private sealed class Pending(float[] pixels)
    {
        public float[] Pixels { get; } = pixels;

        // Continuations run on the thread pool, never inline on the batcher's thread, so a response never delays the next batch.
        public TaskCompletionSource<Prediction> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
