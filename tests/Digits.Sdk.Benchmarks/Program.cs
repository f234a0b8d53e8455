using Digits.Sdk.Benchmarks;

// Each benchmark is a named entry; run one with
//   dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark> [options]
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["data-load"] = DataLoadBenchmark.Run,
    ["train-throughput"] = TrainThroughputBenchmark.Run,
    ["onnx-latency"] = OnnxLatencyBenchmark.Run,
    ["zoo-train"] = ZooTrainBenchmark.Run,
    ["zoo-vs-sklearn"] = ZooVsSklearnBenchmark.Run,
    ["fastcnn-vs-pytorch"] = FastCnnVsPytorchBenchmark.Run,
    ["train-step"] = TrainStepBenchmark.Run,
    ["layer-times"] = LayerTimesBenchmark.Run,
    ["inference-deploy"] = InferenceDeployBenchmark.Run,
    ["pretrained-latency"] = PretrainedLatencyBenchmark.Run,
    ["serve-load"] = ServeLoadBenchmark.Run,
    ["study-overhead"] = StudyOverheadBenchmark.Run,
    ["study-workers"] = StudyWorkersBenchmark.Run,
    ["robustness"] = RobustnessBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark> [options]");
    Console.WriteLine("benchmarks: " + string.Join(", ", benchmarks.Keys.Order(StringComparer.Ordinal)));
    return args.Length == 0 ? 0 : 2;
}

return run(args[1..]);
