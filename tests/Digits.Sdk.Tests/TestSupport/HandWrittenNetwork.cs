using Digits.Sdk.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// A stand-in for a generated network until the generator lands: a TorchSharp module whose submodules are
/// registered under the names of its layers (so parameters are <c>conv1.weight</c>, <c>bn1.running_mean</c>…),
/// built with the standard torch.nn factories, plus a hand-built <see cref="NetworkArchitecture"/> whose shapes
/// are measured by running a sample through each layer.
/// </summary>
internal sealed class HandWrittenNetwork : Module<Tensor, Tensor>, INetwork
{
    private readonly List<Module<Tensor, Tensor>> layers = [];

    public HandWrittenNetwork(string name, TensorShape input, int classes, IEnumerable<(string Name, LayerKind Kind, LayerArguments Arguments)> layers)
        : base(name)
    {
        var descriptions = new List<LayerDescription>();
        var shape = input;
        using (no_grad())
        {
            foreach (var (layerName, kind, arguments) in layers)
            {
                var module = Create(kind, arguments, shape);
                register_module(layerName, module);
                this.layers.Add(module);
                module.eval();
                using var sample = zeros(shape.WithBatch(2));
                using var output = module.call(sample);
                var outputShape = new TensorShape(output.shape.Skip(1).Select(d => (int)d).ToArray());
                var parameterCount = module.parameters().Sum(p => p.numel());
                descriptions.Add(new LayerDescription(layerName, kind, Resolve(kind, arguments, shape, outputShape), shape, outputShape, parameterCount));
                shape = outputShape;
            }
        }

        Architecture = new NetworkArchitecture(name, input, classes, descriptions);
    }

    public NetworkArchitecture Architecture { get; }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            var next = layer.call(x);
            if (!ReferenceEquals(x, input))
            {
                x.Dispose();
            }

            x = next;
        }

        return ReferenceEquals(x, input) ? x.alias() : x;
    }

    private static LayerArguments Resolve(LayerKind kind, LayerArguments arguments, TensorShape input, TensorShape output) => kind switch
    {
        LayerKind.Linear or LayerKind.RandomFourierFeatures => arguments with { InputSize = input[^1], OutputSize = output[^1] },
        LayerKind.Conv2d => arguments with { InputSize = input[0] },
        LayerKind.BatchNorm1d or LayerKind.BatchNorm2d => arguments with { InputSize = input[0] },
        _ => arguments,
    };

    private static Module<Tensor, Tensor> Create(LayerKind kind, LayerArguments a, TensorShape input) => kind switch
    {
        LayerKind.Linear => Linear(input[^1], a.OutputSize!.Value, hasBias: a.Bias ?? true),
        LayerKind.Conv2d => Conv2d(
            input[0],
            a.OutputSize!.Value,
            kernel_size: Pair(a.Kernel!.Value),
            stride: Pair(a.Stride ?? (1, 1)),
            padding: Pair(a.Padding ?? (0, 0)),
            dilation: Pair(a.Dilation ?? (1, 1)),
            groups: a.Groups ?? 1,
            bias: a.Bias ?? true),
        LayerKind.MaxPool2d => MaxPool2d(Pair(a.Kernel!.Value), a.Stride is { } s ? Pair(s) : null, Pair(a.Padding ?? (0, 0))),
        LayerKind.AvgPool2d => AvgPool2d(Pair(a.Kernel!.Value), a.Stride is { } s ? Pair(s) : null, Pair(a.Padding ?? (0, 0))),
        LayerKind.AdaptiveAvgPool2d => AdaptiveAvgPool2d(Pair(a.OutputExtent!.Value)),
        LayerKind.BatchNorm1d => BatchNorm1d(input[0], a.Epsilon ?? 1e-5, a.Momentum ?? 0.1),
        LayerKind.BatchNorm2d => BatchNorm2d(input[0], a.Epsilon ?? 1e-5, a.Momentum ?? 0.1),
        LayerKind.Dropout => Dropout(a.Probability ?? 0.5),
        LayerKind.Dropout2d => Dropout2d(a.Probability ?? 0.5),
        LayerKind.Flatten => Flatten(),
        LayerKind.ReLU => ReLU(),
        LayerKind.LeakyReLU => LeakyReLU(a.NegativeSlope ?? 0.01),
        LayerKind.GELU => GELU(),
        LayerKind.SiLU => SiLU(),
        LayerKind.Tanh => Tanh(),
        LayerKind.Sigmoid => Sigmoid(),
        LayerKind.LogSoftmax => LogSoftmax(1),
        LayerKind.RandomFourierFeatures => new Digits.Sdk.Modeling.Layers.RandomFourierFeatures(input[^1], a.OutputSize!.Value, a.Gamma ?? 1.0, a.Seed ?? 0),
        _ => throw new NotSupportedException(kind.ToString()),
    };

    private static (long, long) Pair((int Height, int Width) value) => (value.Height, value.Width);
}
