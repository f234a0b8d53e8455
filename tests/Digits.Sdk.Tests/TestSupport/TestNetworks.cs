using Digits.Sdk.Modeling;
using static Digits.Sdk.Modeling.LayerKind;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// Hand-written networks that together use every layer kind and every export path (folded and unfolded batch
/// normalisation, Gemm and MatMul linears, the three adaptive-pooling translations, flat and image inputs).
/// </summary>
internal static class TestNetworks
{
    public static readonly string[] Names = ["Cnn", "Mlp", "RffSvm", "Activations", "Pooling", "RowLinear"];

    private static readonly LayerArguments None = new();

    public static HandWrittenNetwork Create(string name) => name switch
    {
        "Cnn" => new HandWrittenNetwork(name, new TensorShape(1, 28, 28), 10,
        [
            ("conv1", Conv2d, new() { OutputSize = 8, Kernel = (3, 3), Padding = (1, 1) }),
            ("bn1", BatchNorm2d, None),
            ("relu1", ReLU, None),
            ("pool1", MaxPool2d, new() { Kernel = (3, 3), Stride = (2, 2), Padding = (1, 1) }),
            ("conv2", Conv2d, new() { OutputSize = 16, Kernel = (3, 3), Bias = false }),
            ("bn2", BatchNorm2d, new() { Epsilon = 1e-3 }),
            ("relu2", ReLU, None),
            ("drop1", Dropout2d, new() { Probability = 0.25 }),
            ("pool2", MaxPool2d, new() { Kernel = (2, 2) }),
            ("flatten", Flatten, None),
            ("fc1", Linear, new() { OutputSize = 32 }),
            ("bn3", BatchNorm1d, None),
            ("relu3", ReLU, None),
            ("drop2", Dropout, new() { Probability = 0.5 }),
            ("fc2", Linear, new() { OutputSize = 10 }),
        ]),
        "Mlp" => new HandWrittenNetwork(name, new TensorShape(784), 10,
        [
            ("fc1", Linear, new() { OutputSize = 64 }),
            ("relu1", ReLU, None),
            ("drop1", Dropout, new() { Probability = 0.2 }),
            ("fc2", Linear, new() { OutputSize = 10, Bias = false }),
        ]),
        "RffSvm" => new HandWrittenNetwork(name, new TensorShape(1, 28, 28), 10,
        [
            ("flatten", Flatten, None),
            ("rff", RandomFourierFeatures, new() { OutputSize = 256, Gamma = 0.001, Seed = 7 }),
            ("svm", Linear, new() { OutputSize = 10 }),
        ]),
        "Activations" => new HandWrittenNetwork(name, new TensorShape(1, 28, 28), 10,
        [
            ("conv1", Conv2d, new() { OutputSize = 6, Kernel = (3, 3), Stride = (2, 2) }),
            ("leaky", LeakyReLU, new() { NegativeSlope = 0.1 }),
            ("conv2", Conv2d, new() { OutputSize = 8, Kernel = (3, 3), Stride = (2, 2) }),
            ("gelu", GELU, None),
            ("flatten", Flatten, None),
            ("fc1", Linear, new() { OutputSize = 48 }),
            ("silu", SiLU, None),
            ("fc2", Linear, new() { OutputSize = 32 }),
            ("tanh", Tanh, None),
            ("fc3", Linear, new() { OutputSize = 24 }),
            ("sigmoid", Sigmoid, None),
            ("fc4", Linear, new() { OutputSize = 10 }),
            ("log_softmax", LogSoftmax, None),
        ]),
        "Pooling" => new HandWrittenNetwork(name, new TensorShape(1, 28, 28), 10,
        [
            ("conv1", Conv2d, new() { OutputSize = 8, Kernel = (5, 5), Padding = (2, 2) }),
            ("relu1", ReLU, None),
            ("avg1", AvgPool2d, new() { Kernel = (3, 3), Stride = (2, 2), Padding = (1, 1) }),
            // Not after a convolution: stays a BatchNormalization node even when folding.
            ("bn1", BatchNorm2d, None),
            ("adapt1", AdaptiveAvgPool2d, new() { OutputExtent = (7, 7) }),
            ("conv2", Conv2d, new() { OutputSize = 16, Kernel = (3, 3), Padding = (2, 2), Dilation = (2, 2), Groups = 2 }),
            ("relu2", ReLU, None),
            ("adapt2", AdaptiveAvgPool2d, new() { OutputExtent = (3, 3) }),
            ("conv3", Conv2d, new() { OutputSize = 16, Kernel = (1, 1) }),
            ("relu3", ReLU, None),
            ("adapt3", AdaptiveAvgPool2d, new() { OutputExtent = (1, 1) }),
            ("flatten", Flatten, None),
            ("fc", Linear, new() { OutputSize = 10 }),
        ]),
        "RowLinear" => new HandWrittenNetwork(name, new TensorShape(1, 28, 28), 10,
        [
            // A linear layer on each image row (the last dimension), which needs MatMul rather than Gemm.
            ("rows", Linear, new() { OutputSize = 12 }),
            ("relu", ReLU, None),
            ("flatten", Flatten, None),
            ("fc1", Linear, new() { OutputSize = 32 }),
            ("bn1", BatchNorm1d, None),
            ("relu2", ReLU, None),
            ("fc2", Linear, new() { OutputSize = 10 }),
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
