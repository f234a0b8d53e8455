using Digits.Sdk.Contract;
using Digits.Sdk.Modeling;
using Digits.Sdk.Onnx.Protos;
using static Digits.Sdk.Onnx.OnnxGraphBuilder;

namespace Digits.Sdk.Onnx;

/// <summary>
/// Translates a <see cref="NetworkArchitecture"/> and its weights into an ONNX graph, one layer at a time,
/// computing exactly what the generated TorchSharp module computes in evaluation mode.
/// </summary>
/// <remarks>
/// Batch normalisation: when <see cref="OnnxExportOptions.FoldBatchNorm"/> is set (the default) a BatchNorm2d
/// right after a Conv2d, or a BatchNorm1d right after a Linear on flat features, is folded into that layer:
/// <c>w' = w·γ/√(σ²+ε)</c>, <c>b' = (b−μ)·γ/√(σ²+ε)+β</c>, computed in double precision. Every other batch
/// normalisation becomes an inference-form BatchNormalization node with the running statistics.
/// Dropout layers are left out: in evaluation mode they are the identity. A calibrated network's scores are divided by
/// its temperature (<see cref="OnnxExportOptions.Temperature"/>) before they become <c>logits</c>.
/// </remarks>
internal sealed class OnnxGraphTranslator
{
    private readonly NetworkArchitecture architecture;
    private readonly NetworkWeights weights;
    private readonly OnnxExportOptions options;
    private readonly OnnxGraphBuilder builder;

    private OnnxGraphTranslator(NetworkArchitecture architecture, NetworkWeights weights, OnnxExportOptions options)
    {
        this.architecture = architecture;
        this.weights = weights;
        this.options = options;
        builder = new OnnxGraphBuilder(architecture.Name);
    }

    /// <summary>Builds the graph of <paramref name="architecture"/> with <paramref name="weights"/> as initializers.</summary>
    /// <exception cref="NotSupportedException">The network's output is not one score per class.</exception>
    /// <exception cref="InvalidOperationException">A weight is missing or has the wrong shape.</exception>
    public static GraphProto Translate(NetworkArchitecture architecture, NetworkWeights weights, OnnxExportOptions options)
    {
        if (architecture.Output.Rank != 1 || architecture.Output[0] != architecture.Classes)
        {
            throw new NotSupportedException(
                $"Network '{architecture.Name}' ends with shape {architecture.Output}, but ONNX export needs one score per class, [{architecture.Classes}].");
        }

        return new OnnxGraphTranslator(architecture, weights, options).Translate();
    }

    private GraphProto Translate()
    {
        var value = OnnxModelContract.InputName;
        var layers = architecture.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var batchNorm = i + 1 < layers.Count && options.FoldBatchNorm && CanFold(layer, layers[i + 1]) ? layers[i + 1] : null;
            value = Translate(layer, value, batchNorm);
            if (batchNorm is not null)
            {
                i++;
            }
        }

        if (options.Temperature is { } temperature && temperature != Evaluation.TemperatureCalibration.Identity)
        {
            // Calibration divides the scores by one number, so logits and probabilities are both the calibrated ones.
            value = builder.Node("logits", "Div", [value, builder.Initializer("logits.temperature", [], [(float)temperature])]);
        }

        if (!builder.TryRenameLastOutput(value, OnnxModelContract.LogitsName))
        {
            // A network whose only layers are dropouts: the logits are the input.
            builder.Graph.Node.Add(new NodeProto { Name = "logits/Identity", OpType = "Identity", Input = { value }, Output = { OnnxModelContract.LogitsName } });
        }

        var graph = builder.Graph;
        graph.Input.Add(FloatValue(OnnxModelContract.InputName, OnnxModelContract.BatchDimension, architecture.Input));
        graph.Output.Add(FloatValue(OnnxModelContract.LogitsName, OnnxModelContract.BatchDimension, [architecture.Classes]));
        if (options.IncludeProbabilities)
        {
            graph.Node.Add(new NodeProto
            {
                Name = "probabilities/Softmax",
                OpType = "Softmax",
                Input = { OnnxModelContract.LogitsName },
                Output = { OnnxModelContract.ProbabilitiesName },
                Attribute = { Int("axis", 1) },
            });
            graph.Output.Add(FloatValue(OnnxModelContract.ProbabilitiesName, OnnxModelContract.BatchDimension, [architecture.Classes]));
        }

        return graph;
    }

    private static bool CanFold(LayerDescription layer, LayerDescription next) =>
        (layer.Kind, next.Kind) switch
        {
            (LayerKind.Conv2d, LayerKind.BatchNorm2d) => true,
            // BatchNorm1d normalises dimension 1, which is Linear's output only when samples are flat.
            (LayerKind.Linear, LayerKind.BatchNorm1d) => layer.Output.Rank == 1,
            _ => false,
        };

    private string Translate(LayerDescription layer, string x, LayerDescription? foldedBatchNorm) => layer.Kind switch
    {
        LayerKind.Conv2d => Conv(layer, x, foldedBatchNorm),
        LayerKind.Linear => Linear(layer, x, foldedBatchNorm),
        LayerKind.BatchNorm1d or LayerKind.BatchNorm2d => BatchNormalization(layer, x),
        LayerKind.MaxPool2d => Pool(layer, x, "MaxPool"),
        LayerKind.AvgPool2d => Pool(layer, x, "AveragePool"),
        LayerKind.AdaptiveAvgPool2d => AdaptiveAveragePool(layer, x),
        LayerKind.Dropout or LayerKind.Dropout2d => x,
        LayerKind.Flatten => builder.Node(layer.Name, "Flatten", [x], Int("axis", 1)),
        LayerKind.ReLU => builder.Node(layer.Name, "Relu", [x]),
        LayerKind.LeakyReLU => builder.Node(layer.Name, "LeakyRelu", [x], Float("alpha", (float)(layer.Arguments.NegativeSlope ?? 0.01))),
        LayerKind.GELU => Gelu(layer, x),
        LayerKind.SiLU => builder.Node(layer.Name, "Mul", [x, builder.Node(layer.Name, "Sigmoid", [x])]),
        LayerKind.Tanh => builder.Node(layer.Name, "Tanh", [x]),
        LayerKind.Sigmoid => builder.Node(layer.Name, "Sigmoid", [x]),
        LayerKind.LogSoftmax => builder.Node(layer.Name, "LogSoftmax", [x], Int("axis", 1)),
        LayerKind.RandomFourierFeatures => RandomFourierFeatures(layer, x),
        _ => throw new NotSupportedException($"Layer '{layer.Name}' of network '{architecture.Name}' is a {layer.Kind}, which the ONNX exporter does not know."),
    };

    private string Conv(LayerDescription layer, string x, LayerDescription? foldedBatchNorm)
    {
        var arguments = layer.Arguments;
        long inChannels = arguments.InputSize ?? layer.Input[0];
        long outChannels = arguments.OutputSize ?? layer.Output[0];
        long groups = arguments.Groups ?? 1;
        var kernel = arguments.Kernel ?? throw MissingArgument(layer, nameof(arguments.Kernel));
        var stride = arguments.Stride ?? (1, 1);
        var padding = arguments.Padding ?? (0, 0);
        var dilation = arguments.Dilation ?? (1, 1);

        var weight = weights.Require(layer, "weight", outChannels, inChannels / groups, kernel.Height, kernel.Width);
        var bias = FindBias(layer, outChannels);
        var (w, b) = foldedBatchNorm is null ? (weight.Values, bias?.Values) : Fold(foldedBatchNorm, weight.Values, bias?.Values, (int)outChannels);

        List<string> inputs = [x, builder.Initializer(layer.Name + ".weight", weight.Shape, w)];
        if (b is not null)
        {
            inputs.Add(builder.Initializer(layer.Name + ".bias", [outChannels], b));
        }

        return builder.Node(
            layer.Name,
            "Conv",
            inputs,
            Ints("kernel_shape", kernel.Height, kernel.Width),
            Ints("strides", stride.Height, stride.Width),
            Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
            Ints("dilations", dilation.Height, dilation.Width),
            Int("group", groups));
    }

    private string Linear(LayerDescription layer, string x, LayerDescription? foldedBatchNorm)
    {
        long inFeatures = layer.Arguments.InputSize ?? layer.Input[^1];
        long outFeatures = layer.Arguments.OutputSize ?? layer.Output[^1];
        var weight = weights.Require(layer, "weight", outFeatures, inFeatures);
        var bias = FindBias(layer, outFeatures);
        var (w, b) = foldedBatchNorm is null ? (weight.Values, bias?.Values) : Fold(foldedBatchNorm, weight.Values, bias?.Values, (int)outFeatures);

        if (layer.Input.Rank == 1)
        {
            // y = x·Wᵀ + b in one Gemm, keeping TorchSharp's [out, in] weight layout.
            List<string> inputs = [x, builder.Initializer(layer.Name + ".weight", weight.Shape, w)];
            if (b is not null)
            {
                inputs.Add(builder.Initializer(layer.Name + ".bias", [outFeatures], b));
            }

            return builder.Node(layer.Name, "Gemm", inputs, Int("transB", 1));
        }

        // Linear acts on the last dimension of higher-rank samples; Gemm takes only matrices, MatMul broadcasts.
        var transposed = new float[w.Length];
        for (var o = 0; o < outFeatures; o++)
        {
            for (var i = 0; i < inFeatures; i++)
            {
                transposed[(i * outFeatures) + o] = w[(o * inFeatures) + i];
            }
        }

        var product = builder.Node(layer.Name, "MatMul", [x, builder.Initializer(layer.Name + ".weight_transposed", [inFeatures, outFeatures], transposed)]);
        return b is null ? product : builder.Node(layer.Name, "Add", [product, builder.Initializer(layer.Name + ".bias", [outFeatures], b)]);
    }

    private WeightTensor? FindBias(LayerDescription layer, long size) => layer.Arguments.Bias switch
    {
        false => null,
        true => weights.Require(layer, "bias", size),
        null => weights.Find(layer, "bias", size),
    };

    private (float[] Weight, float[] Bias) Fold(LayerDescription batchNorm, float[] weight, float[]? bias, int channels)
    {
        var (gamma, beta, mean, variance) = Statistics(batchNorm, channels);
        var epsilon = batchNorm.Arguments.Epsilon ?? 1e-5;
        var perChannel = weight.Length / channels;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / Math.Sqrt(variance[c] + epsilon);
            for (var k = 0; k < perChannel; k++)
            {
                foldedWeight[(c * perChannel) + k] = (float)(weight[(c * perChannel) + k] * scale);
            }

            foldedBias[c] = (float)((((bias?[c] ?? 0.0) - mean[c]) * scale) + beta[c]);
        }

        return (foldedWeight, foldedBias);
    }

    private string BatchNormalization(LayerDescription layer, string x)
    {
        int channels = layer.Arguments.InputSize ?? layer.Input[0];
        var (gamma, beta, mean, variance) = Statistics(layer, channels);
        return builder.Node(
            layer.Name,
            "BatchNormalization",
            [
                x,
                builder.Initializer(layer.Name + ".weight", [channels], gamma),
                builder.Initializer(layer.Name + ".bias", [channels], beta),
                builder.Initializer(layer.Name + ".running_mean", [channels], mean),
                builder.Initializer(layer.Name + ".running_var", [channels], variance),
            ],
            Float("epsilon", (float)(layer.Arguments.Epsilon ?? 1e-5)));
    }

    private (float[] Gamma, float[] Beta, float[] Mean, float[] Variance) Statistics(LayerDescription batchNorm, int channels)
    {
        // Without affine parameters (affine: false) batch normalisation scales by 1 and shifts by 0.
        var gamma = weights.Find(batchNorm, "weight", channels)?.Values ?? Enumerable.Repeat(1f, channels).ToArray();
        var beta = weights.Find(batchNorm, "bias", channels)?.Values ?? new float[channels];
        var mean = weights.Require(batchNorm, "running_mean", channels).Values;
        var variance = weights.Require(batchNorm, "running_var", channels).Values;
        return (gamma, beta, mean, variance);
    }

    private string Pool(LayerDescription layer, string x, string opType)
    {
        var arguments = layer.Arguments;
        var kernel = arguments.Kernel ?? throw MissingArgument(layer, nameof(arguments.Kernel));
        // TorchSharp's pooling stride defaults to the kernel size.
        var stride = arguments.Stride ?? kernel;
        var padding = arguments.Padding ?? (0, 0);
        List<AttributeProto> attributes =
        [
            Ints("kernel_shape", kernel.Height, kernel.Width),
            Ints("strides", stride.Height, stride.Width),
            Ints("pads", padding.Height, padding.Width, padding.Height, padding.Width),
        ];
        if (opType == "AveragePool")
        {
            // TorchSharp's AvgPool2d counts padded zeros in the divisor (count_include_pad: true); ONNX does not by default.
            attributes.Add(Int("count_include_pad", 1));
        }
        else if (arguments.Dilation is { } dilation)
        {
            attributes.Add(Ints("dilations", dilation.Height, dilation.Width));
        }

        return builder.Node(layer.Name, opType, [x], [.. attributes]);
    }

    private string AdaptiveAveragePool(LayerDescription layer, string x)
    {
        int channels = layer.Input[0], height = layer.Input[1], width = layer.Input[2];
        var (outHeight, outWidth) = layer.Arguments.OutputExtent ?? (layer.Output[1], layer.Output[2]);
        if (outHeight == 1 && outWidth == 1)
        {
            return builder.Node(layer.Name, "GlobalAveragePool", [x]);
        }

        if (height % outHeight == 0 && width % outWidth == 0)
        {
            // Equal windows that tile the input: an ordinary average pooling.
            var (kernelHeight, kernelWidth) = (height / outHeight, width / outWidth);
            return builder.Node(
                layer.Name,
                "AveragePool",
                [x],
                Ints("kernel_shape", kernelHeight, kernelWidth),
                Ints("strides", kernelHeight, kernelWidth));
        }

        // Unequal, overlapping windows (start ⌊i·H/h⌋, end ⌈(i+1)·H/h⌉) have no ONNX operator, but averaging is
        // linear: flatten each channel to H·W values and multiply by a constant [H·W, h·w] averaging matrix.
        var averaging = new float[height * width * outHeight * outWidth];
        for (var i = 0; i < outHeight; i++)
        {
            var (top, bottom) = (i * height / outHeight, (((i + 1) * height) + outHeight - 1) / outHeight);
            for (var j = 0; j < outWidth; j++)
            {
                var (left, right) = (j * width / outWidth, (((j + 1) * width) + outWidth - 1) / outWidth);
                var share = 1f / ((bottom - top) * (right - left));
                for (var y = top; y < bottom; y++)
                {
                    for (var xi = left; xi < right; xi++)
                    {
                        averaging[(((y * width) + xi) * outHeight * outWidth) + (i * outWidth) + j] = share;
                    }
                }
            }
        }

        // Reshape's 0 copies the (symbolic) batch dimension.
        var flat = builder.Node(layer.Name, "Reshape", [x, builder.Int64Initializer(layer.Name + ".flat_shape", 0, channels, height * width)]);
        var pooled = builder.Node(layer.Name, "MatMul", [flat, builder.Initializer(layer.Name + ".averaging", [height * width, outHeight * outWidth], averaging)]);
        return builder.Node(layer.Name, "Reshape", [pooled, builder.Int64Initializer(layer.Name + ".shape", 0, channels, outHeight, outWidth)]);
    }

    private string Gelu(LayerDescription layer, string x)
    {
        // The exact GELU TorchSharp computes, 0.5·x·(1 + erf(x/√2)); ONNX has a Gelu operator only from opset 20.
        var scaled = builder.Node(layer.Name, "Div", [x, builder.Scalar(MathF.Sqrt(2f))]);
        var erf = builder.Node(layer.Name, "Erf", [scaled]);
        var onePlus = builder.Node(layer.Name, "Add", [erf, builder.Scalar(1f)]);
        var times = builder.Node(layer.Name, "Mul", [x, onePlus]);
        return builder.Node(layer.Name, "Mul", [times, builder.Scalar(0.5f)]);
    }

    private string RandomFourierFeatures(LayerDescription layer, string x)
    {
        long inFeatures = layer.Arguments.InputSize ?? layer.Input[^1];
        long dimensions = layer.Arguments.OutputSize ?? layer.Output[^1];
        var projection = weights.Require(layer, "projection", inFeatures, dimensions);
        var offset = weights.Require(layer, "offset", dimensions);
        var projected = builder.Node(layer.Name, "MatMul", [x, builder.Initializer(layer.Name + ".projection", projection.Shape, projection.Values)]);
        var shifted = builder.Node(layer.Name, "Add", [projected, builder.Initializer(layer.Name + ".offset", offset.Shape, offset.Values)]);
        var cosine = builder.Node(layer.Name, "Cos", [shifted]);
        return builder.Node(layer.Name, "Mul", [cosine, builder.Scalar((float)Math.Sqrt(2.0 / dimensions))]);
    }

    private InvalidOperationException MissingArgument(LayerDescription layer, string argument) =>
        new($"Layer '{layer.Name}' ({layer.Kind}) of network '{architecture.Name}' has no {argument} in its architecture.");
}
