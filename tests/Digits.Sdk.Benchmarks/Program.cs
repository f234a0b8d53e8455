using Digits.Sdk.Benchmarks;

// Each benchmark is a named entry; later issues register theirs here.
// Run one with: dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark> [options]
return args.FirstOrDefault() switch
{
    "onnx-latency" => OnnxLatencyBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark>");
    Console.WriteLine("benchmarks: onnx-latency");
    return 1;
}
