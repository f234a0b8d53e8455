// Each benchmark is a named entry: dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark> [options]
using Digits.Sdk.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["train-throughput"] = TrainThroughputBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark> [options]");
    Console.WriteLine($"benchmarks: {string.Join(", ", benchmarks.Keys)}");
    return args.Length == 0 ? 0 : 1;
}

return await run(args[1..]);
