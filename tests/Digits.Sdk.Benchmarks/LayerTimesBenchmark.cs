using System.Diagnostics;
using System.Globalization;
using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using static TorchSharp.torch;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Forward and backward time of each layer of a zoo network on its own, with the convolutions' arithmetic rate:
/// where a training step's time goes, and how close the convolutions are to the machine's peak.
/// </summary>
/// <remarks>
/// Usage: <c>layer-times [Model] [--batch N] [--threads N] [--steps N] [--layout channels-last|nchw]</c> (defaults
/// FastCnn, 64, 2, 300, channels-last). Each layer gets a random input of its described shape, laid out as the
/// network's <c>forward</c> lays it out, requiring gradients except for the first layer (whose input is the images);
/// backward is from a gradient of ones. Layers are timed one at a time, so activations run at their declared
/// position (before any pooling <c>forward</c> moves ahead of them) and the sum is a little above a real step. No
/// PyTorch peer: this benchmark explains our own step; train-step compares it with PyTorch.
/// </remarks>
internal static class LayerTimesBenchmark
{
    public static int Run(string[] args)
    {
        var options = new BenchmarkOptions(args);
        var name = options.Positional("--batch", "--threads", "--steps", "--layout").FirstOrDefault() ?? "FastCnn";
        var batch = options.Int("--batch") ?? 64;
        var threads = options.Int("--threads") ?? 2;
        var steps = options.Int("--steps") ?? 300;
        var layout = options.ApplyLayout();
        Native.TorchRuntime.EnsureAvailable();
        set_num_threads(threads);

        using var network = ModelZoo.Get(name).Create();
        network.train();
        var architecture = ((INetwork)network).Architecture;
        var children = network.named_children().ToDictionary(child => child.name, child => (nn.Module<Tensor, Tensor>)child.module);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"layer-times: {name}, batch {batch}, {threads} thread(s), {layout} layout, median of {steps} steps per layer, ms"));
        Console.WriteLine();
        Console.WriteLine("| layer | kind | input | forward | backward | total | GFLOP | GFLOP/s |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        double sum = 0, convolutionSum = 0, convolutionFlops = 0;
        for (var i = 0; i < architecture.Layers.Count; i++)
        {
            var layer = architecture.Layers[i];
            var (forward, backward) = Time(children[layer.Name], layer, batch, steps, inputNeedsGradient: i > 0);
            var flops = ConvolutionFlops(layer, batch, inputNeedsGradient: i > 0);
            var total = forward + backward;
            sum += total;
            if (flops > 0)
            {
                convolutionSum += total;
                convolutionFlops += flops;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {layer.Name} | {layer.Kind} | {layer.Input} | {forward:F3} | {backward:F3} | {total:F3} | {(flops > 0 ? (flops / 1e9).ToString("F3", CultureInfo.InvariantCulture) : "–")} | {(flops > 0 ? (flops / 1e9 / (total / 1000)).ToString("F0", CultureInfo.InvariantCulture) : "–")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all layers: {sum:F2} ms; convolutions: {convolutionSum:F2} ms for {convolutionFlops / 1e9:F3} GFLOP ({convolutionFlops / 1e9 / (convolutionSum / 1000):F0} GFLOP/s, {100 * convolutionSum / sum:F0}% of the layers' time)"));
        return 0;
    }

    private static (double Forward, double Backward) Time(nn.Module<Tensor, Tensor> module, LayerDescription layer, int batch, int steps, bool inputNeedsGradient)
    {
        using var scope = NewDisposeScope();
        var images = randn(layer.Input.WithBatch(batch));
        var input = (layer.Input.Rank == 3 ? TensorLayout.ToChannelsLast(images) : images).detach().requires_grad_(inputNeedsGradient);

        var forwardTimes = new List<double>();
        var backwardTimes = new List<double>();
        for (var step = -20; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var started = Stopwatch.GetTimestamp();
            var output = module.call(input);
            var forwardDone = Stopwatch.GetTimestamp();
            if (output.requires_grad)
            {
                output.backward([ones_like(output)]);
            }

            var backwardDone = Stopwatch.GetTimestamp();
            module.zero_grad();
            if (input.grad is { } gradient)
            {
                gradient.zero_();
            }

            if (step >= 0)
            {
                forwardTimes.Add(Stopwatch.GetElapsedTime(started, forwardDone).TotalMilliseconds);
                backwardTimes.Add(Stopwatch.GetElapsedTime(forwardDone, backwardDone).TotalMilliseconds);
            }
        }

        return (Statistics.Median(forwardTimes), Statistics.Median(backwardTimes));
    }

    /// <summary>Multiply-adds ×2 of a convolution's forward pass, its weight gradient and (unless the input is the images) its input gradient.</summary>
    private static double ConvolutionFlops(LayerDescription layer, int batch, bool inputNeedsGradient)
    {
        if (layer.Kind != LayerKind.Conv2d || layer.Arguments.Kernel is not { } kernel || layer.Arguments.InputSize is not { } inputChannels)
        {
            return 0;
        }

        var groups = layer.Arguments.Groups ?? 1;
        var multiplyAdds = (double)batch * layer.Output.ElementCount * (inputChannels / groups) * kernel.Height * kernel.Width;
        var passes = inputNeedsGradient ? 3 : 2;
        return 2 * multiplyAdds * passes;
    }
}
