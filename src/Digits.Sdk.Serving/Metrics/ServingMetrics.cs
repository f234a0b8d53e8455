using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Digits.Sdk.Serving.Metrics;

/// <summary>
/// What the service counts: requests by endpoint and outcome, their latency, and the size of each model run. Every
/// measurement is published on the <see cref="MeterName"/> meter (for OpenTelemetry and <c>dotnet-counters</c>) and
/// kept here for <c>/metrics</c>, which writes it in Prometheus's text exposition format.
/// </summary>
internal sealed class ServingMetrics
{
    /// <summary>The name of the meter the measurements are published on.</summary>
    public const string MeterName = "Digits.Sdk.Serving";

    /// <summary>Latency bucket bounds in seconds: 0.25 ms to 10 s, as a model server's latencies spread.</summary>
    private static readonly double[] LatencyBounds = [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

    /// <summary>Batch size bucket bounds, powers of two up to the largest useful batch.</summary>
    private static readonly double[] BatchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;
    private readonly Histogram<int> batchSize;
    private readonly ConcurrentDictionary<(string Endpoint, string Outcome), StrongBox> requestCounts = new();
    private readonly ConcurrentDictionary<string, Buckets> latencies = new();
    private readonly Buckets batches = new(BatchBounds);

    public ServingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        requests = meter.CreateCounter<long>("digits.serving.requests", "{request}", "Requests answered, by endpoint and outcome.");
        duration = meter.CreateHistogram<double>("digits.serving.request.duration", "s", "Time from a request's arrival to its answer.");
        batchSize = meter.CreateHistogram<int>("digits.serving.batch.size", "{sample}", "Samples in each model run.");
    }

    /// <summary>Counts one answered request.</summary>
    /// <param name="endpoint">The route, e.g. <c>/v1/predict</c>.</param>
    /// <param name="outcome"><c>ok</c>, or the problem's code (a fixed set, so the label stays bounded).</param>
    /// <param name="seconds">How long it took.</param>
    public void RecordRequest(string endpoint, string outcome, double seconds)
    {
        requests.Add(1, new("endpoint", endpoint), new("outcome", outcome));
        duration.Record(seconds, new KeyValuePair<string, object?>("endpoint", endpoint));
        Interlocked.Increment(ref requestCounts.GetOrAdd((endpoint, outcome), _ => new StrongBox()).Value);
        latencies.GetOrAdd(endpoint, _ => new Buckets(LatencyBounds)).Record(seconds);
    }

    /// <summary>Counts one model run of <paramref name="size"/> samples.</summary>
    public void RecordBatch(int size)
    {
        batchSize.Record(size);
        batches.Record(size);
    }

    /// <summary>Writes every metric in Prometheus's text exposition format, version 0.0.4.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP digits_requests_total Requests answered, by endpoint and outcome (ok, or the problem's code).\n");
        text.Append("# TYPE digits_requests_total counter\n");
        foreach (var ((endpoint, outcome), count) in requestCounts.OrderBy(p => p.Key.Endpoint, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"digits_requests_total{{endpoint=\"{Escape(endpoint)}\",outcome=\"{Escape(outcome)}\"}} {Volatile.Read(ref count.Value)}\n");
        }

        text.Append("# HELP digits_request_duration_seconds Time from a request's arrival to its answer.\n");
        text.Append("# TYPE digits_request_duration_seconds histogram\n");
        foreach (var (endpoint, buckets) in latencies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            buckets.Write(text, "digits_request_duration_seconds", $"endpoint=\"{Escape(endpoint)}\",");
        }

        text.Append("# HELP digits_batch_size Samples in each model run (1 when batching is off).\n");
        text.Append("# TYPE digits_batch_size histogram\n");
        batches.Write(text, "digits_batch_size", string.Empty);
        return text.ToString();
    }

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class StrongBox
    {
        public long Value;
    }

    /// <summary>A cumulative histogram: one count per upper bound, plus the sum and the count of all observations.</summary>
    private sealed class Buckets(double[] bounds)
    {
        private readonly long[] counts = new long[bounds.Length + 1];
        private readonly Lock sumLock = new();
        private double sum;

        public void Record(double value)
        {
            var index = Array.BinarySearch(bounds, value);
            Interlocked.Increment(ref counts[index >= 0 ? index : ~index]);
            lock (sumLock)
            {
                sum += value;
            }
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            long cumulative = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += Volatile.Read(ref counts[i]);
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}le=\"{bounds[i].ToString("R", CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
            }

            cumulative += Volatile.Read(ref counts[^1]);
            double total;
            lock (sumLock)
            {
                total = sum;
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}le=\"+Inf\"}} {cumulative}\n");
            var plainLabels = labels.TrimEnd(',');
            var braces = plainLabels.Length == 0 ? string.Empty : "{" + plainLabels + "}";
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {total.ToString("R", CultureInfo.InvariantCulture)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {cumulative}\n");
        }
    }
}
