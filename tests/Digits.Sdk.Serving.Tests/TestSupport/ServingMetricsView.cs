using System.Globalization;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>Reads <c>/metrics</c> as a Prometheus scraper would: one sample per line, <c>name{labels} value</c>.</summary>
internal sealed class ServingMetricsView(HttpClient client)
{
    public async Task<IReadOnlyDictionary<string, double>> ScrapeAsync()
    {
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => (Key: line[..line.LastIndexOf(' ')], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(p => p.Key, p => p.Value);
    }

    public async Task<double> ValueAsync(string sample)
        => (await ScrapeAsync()).TryGetValue(sample, out var value) ? value : 0;
}
