using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Digits.Sdk.Generators.Model;

namespace Digits.Sdk.Generators;

/// <summary>
/// Infers every layer's input size, output shape and parameter count from the declared input shape, and
/// explains each declaration that PyTorch would reject at run time as a diagnostic at compile time.
/// </summary>
/// <remarks>Pure functions of the model: no Roslyn symbols, so they are tested on their own.</remarks>
internal static class ShapeInference
{
    private const string VectorExpectation = "a vector [features]";
    private const string ImageExpectation = "an image [channels, height, width]";

    /// <summary>
    /// Checks a declaration and resolves its layers. When anything is wrong the network is null and, if the class
    /// can take them, a placeholder stands in for it so that code using the network still compiles.
    /// </summary>
    public static NetworkAnalysis Analyze(NetworkDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>(declaration.Diagnostics);
        var input = CheckInputShape(declaration, diagnostics);
        CheckClasses(declaration, diagnostics);

        if (declaration.Layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, declaration.Location, declaration.Name));
        }

        var names = NameLayers(declaration.Layers.Select(layer => layer.Kind));
        var resolved = new List<ResolvedLayer>();
        var shape = input;
        for (var i = 0; i < declaration.Layers.Count; i++)
        {
            var layer = declaration.Layers[i];
            var problems = new List<DiagnosticInfo>();
            CheckArguments(layer, names[i], problems);

            // Once a shape is unknown the layers after it cannot be checked against it, but their own
            // arguments still can, so every wrong argument is reported in one build.
            if (shape is not null && problems.Count == 0)
            {
                var next = Infer(layer, names[i], shape, problems);
                if (next is not null && problems.Count == 0)
                {
                    resolved.Add(next);
                    shape = next.Output.ToArray();
                }
                else
                {
                    shape = null;
                }
            }
            else
            {
                shape = null;
            }

            diagnostics.AddRange(problems);
        }

        if (shape is not null && resolved.Count > 0 && declaration.Classes is int classes && classes > 0
            && !(shape.Length == 1 && shape[0] == classes))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.OutputMismatch,
                declaration.Layers[declaration.Layers.Count - 1].Location,
                declaration.Name,
                FormatShape(shape),
                Format(classes)));
        }

        var network = diagnostics.Count == 0 && input is not null && declaration.Classes is int count
            ? new ResolvedNetwork(declaration.Namespace, declaration.Name, input.ToEquatableArray(), count, resolved.ToEquatableArray())
            : null;
        var placeholder = network is null && declaration.Shell is { } shell
            ? new NetworkPlaceholder(declaration.Namespace, declaration.Name, shell, diagnostics.Select(d => d.Descriptor.Id).Distinct().ToEquatableArray())
            : null;
        return new NetworkAnalysis(network, placeholder, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Names each layer after its kind with a counter per name, in forward order: <c>conv1</c>, <c>bn1</c>,
    /// <c>relu1</c>, <c>conv2</c>... These are the generated fields and TorchSharp's parameter prefixes.
    /// </summary>
    public static IReadOnlyList<string> NameLayers(IEnumerable<LayerKind> kinds)
    {
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var kind in kinds)
        {
            var prefix = NamePrefix(kind);
            counters.TryGetValue(prefix, out var count);
            counters[prefix] = ++count;
            names.Add(prefix + count.ToString(CultureInfo.InvariantCulture));
        }

        return names;
    }

    /// <summary>The name stem of a layer kind, as PyTorch code usually names such fields.</summary>
    public static string NamePrefix(LayerKind kind) => kind switch
    {
        LayerKind.Linear => "fc",
        LayerKind.Conv2d => "conv",
        LayerKind.MaxPool2d => "pool",
        LayerKind.AvgPool2d => "avgpool",
        LayerKind.AdaptiveAvgPool2d => "adaptivepool",
        LayerKind.BatchNorm1d or LayerKind.BatchNorm2d => "bn",
        LayerKind.Dropout or LayerKind.Dropout2d => "dropout",
        LayerKind.RandomFourierFeatures => "rff",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The output extent of a convolution or pooling along one axis:
    /// <c>floor((input + 2·padding − dilation·(kernel − 1) − 1) / stride) + 1</c>, as PyTorch computes it.
    /// Zero or negative when the (dilated) kernel does not fit in the padded input.
    /// </summary>
    public static long ConvolutionExtent(long input, long kernel, long stride, long padding, long dilation) =>
        FloorDivide(input + (2 * padding) - (dilation * (kernel - 1)) - 1, stride) + 1;

    /// <summary>The output extent of max or average pooling along one axis (a convolution without dilation).</summary>
    public static long PoolingExtent(long input, long kernel, long stride, long padding) =>
        ConvolutionExtent(input, kernel, stride, padding, 1);

    /// <summary>The number of trainable parameters of a layer given its resolved settings.</summary>
    public static long ParameterCount(LayerKind kind, LayerSettings settings) => kind switch
    {
        LayerKind.Linear => ((long)settings.InputSize * settings.OutputSize) + (settings.Bias ? settings.OutputSize : 0),
        LayerKind.Conv2d => ((long)settings.OutputSize * (settings.InputSize / settings.Groups) * settings.KernelHeight * settings.KernelWidth)
            + (settings.Bias ? settings.OutputSize : 0),
        // A scale and a shift per feature or channel; the running statistics are buffers.
        LayerKind.BatchNorm1d or LayerKind.BatchNorm2d => 2L * settings.InputSize,
        // The random projection is fixed: its tensors are buffers, not parameters.
        _ => 0,
    };

    /// <summary>Formats a shape as <c>[1, 28, 28]</c>, like <c>Digits.Sdk.Modeling.TensorShape</c>.</summary>
    public static string FormatShape(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Formats a shape as <c>[1, 28, 28]</c>.</summary>
    public static string FormatShape(IEnumerable<int> shape) => FormatShape(shape.Select(d => (long)d));

    private static int[]? CheckInputShape(NetworkDeclaration declaration, List<DiagnosticInfo> diagnostics)
    {
        string? problem = declaration.InputShape switch
        {
            null => "is missing",
            { Count: 0 } => "is empty",
            { } shape when shape.Any(d => d <= 0) => "is " + FormatShape(shape),
            _ => null,
        };

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputShape, declaration.Location, declaration.Name, problem));
            return null;
        }

        return declaration.InputShape!.Value.ToArray();
    }

    private static void CheckClasses(NetworkDeclaration declaration, List<DiagnosticInfo> diagnostics)
    {
        var problem = declaration.Classes switch
        {
            null => "is missing",
            < 1 and var count => "is " + Format(count),
            _ => null,
        };

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidClasses, declaration.Location, declaration.Name, problem));
        }
    }

    /// <summary>Checks what can be checked without knowing the layer's input.</summary>
    private static void CheckArguments(LayerDeclaration layer, string name, List<DiagnosticInfo> problems)
    {
        var s = layer.Settings;
        void Require(bool valid, string argument, string value, string requirement)
        {
            if (!valid)
            {
                problems.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidLayerArgument,
                    layer.Location,
                    layer.Kind.ToString(),
                    name,
                    $"{argument} is {value}; it must be {requirement}"));
            }
        }

        switch (layer.Kind)
        {
            case LayerKind.Linear:
                Require(s.OutputSize > 0, "outFeatures", Format(s.OutputSize), "positive");
                break;
            case LayerKind.Conv2d:
                Require(s.OutputSize > 0, "outChannels", Format(s.OutputSize), "positive");
                if (s.KernelHeight == s.KernelWidth)
                {
                    Require(s.KernelHeight > 0, "Kernel", Format(s.KernelHeight), "positive (set Kernel, or KernelHeight and KernelWidth)");
                }
                else
                {
                    Require(s.KernelHeight > 0, "KernelHeight", Format(s.KernelHeight), "positive");
                    Require(s.KernelWidth > 0, "KernelWidth", Format(s.KernelWidth), "positive");
                }

                Require(s.Stride > 0, "Stride", Format(s.Stride), "positive");
                Require(s.Padding >= 0, "Padding", Format(s.Padding), "zero or positive");
                Require(s.Dilation > 0, "Dilation", Format(s.Dilation), "positive");
                Require(s.Groups > 0, "Groups", Format(s.Groups), "positive");
                Require(s.Groups <= 0 || s.OutputSize <= 0 || s.OutputSize % s.Groups == 0, "Groups", Format(s.Groups), $"a divisor of outChannels ({Format(s.OutputSize)})");
                break;
            case LayerKind.MaxPool2d:
            case LayerKind.AvgPool2d:
                Require(s.KernelHeight > 0, "kernel", Format(s.KernelHeight), "positive");
                Require(s.Stride > 0, "Stride", Format(s.Stride), "positive");
                Require(s.Padding >= 0, "Padding", Format(s.Padding), "zero or positive");
                Require(s.KernelHeight <= 0 || s.Padding <= s.KernelHeight / 2, "Padding", Format(s.Padding), $"at most half the kernel ({Format(s.KernelHeight / 2)})");
                break;
            case LayerKind.AdaptiveAvgPool2d:
                Require(s.OutputHeight > 0, "height", Format(s.OutputHeight), "positive");
                Require(s.OutputWidth > 0, "width", Format(s.OutputWidth), "positive");
                break;
            case LayerKind.BatchNorm1d:
            case LayerKind.BatchNorm2d:
                Require(s.Epsilon > 0 && !double.IsInfinity(s.Epsilon), "Epsilon", Format(s.Epsilon), "a positive number");
                Require(s.Momentum >= 0 && s.Momentum <= 1, "Momentum", Format(s.Momentum), "between 0 and 1");
                break;
            case LayerKind.Dropout:
            case LayerKind.Dropout2d:
                Require(s.Probability >= 0 && s.Probability < 1, "probability", Format(s.Probability), "at least 0 and less than 1");
                break;
            case LayerKind.LeakyReLU:
                Require(!double.IsNaN(s.NegativeSlope) && !double.IsInfinity(s.NegativeSlope), "NegativeSlope", Format(s.NegativeSlope), "a finite number");
                break;
            case LayerKind.RandomFourierFeatures:
                Require(s.OutputSize > 0, "dimensions", Format(s.OutputSize), "positive");
                Require(s.Gamma > 0 && !double.IsInfinity(s.Gamma), "Gamma", Format(s.Gamma), "a positive number");
                break;
        }
    }

    /// <summary>Resolves one layer whose arguments are valid against the shape entering it.</summary>
    private static ResolvedLayer? Infer(LayerDeclaration layer, string name, int[] input, List<DiagnosticInfo> problems)
    {
        var kind = layer.Kind;
        var s = layer.Settings;

        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] details) =>
            problems.Add(DiagnosticInfo.Create(descriptor, layer.Location, new[] { kind.ToString(), name }.Concat(details).ToArray()));

        bool RequireRank(int rank)
        {
            if (input.Length == rank)
            {
                return true;
            }

            var (expected, advice) = rank == 1
                ? (VectorExpectation, input.Length > 1 ? "add Flatten before it" : "give it vector samples")
                : (ImageExpectation, input.Length < 3 && input.Length >= 1
                    ? "declare convolutions, pooling and channel layers before Flatten, on an InputShape of [channels, height, width]"
                    : "reshape the input to [channels, height, width]");

            // A layer with a twin for the other rank was most likely meant as that twin: BatchNorm1d after a
            // convolution is almost always a BatchNorm2d, so say that first and keep the general advice second.
            if (TwinForRank(kind, input.Length) is { } twin)
            {
                advice = input.Length == 3
                    ? $"use {twin} to normalise an image's channels, or {advice} if a vector was meant"
                    : $"use {twin} for vector samples, or {advice}";
            }

            Report(DiagnosticDescriptors.WrongInputRank, expected, FormatShape(input), advice);
            return false;
        }

        long[]? output;
        var settings = s;
        switch (kind)
        {
            case LayerKind.Linear:
            case LayerKind.RandomFourierFeatures:
                if (!RequireRank(1))
                {
                    return null;
                }

                settings = s with { InputSize = input[0] };
                output = new long[] { s.OutputSize };
                break;
            case LayerKind.BatchNorm1d:
                if (!RequireRank(1))
                {
                    return null;
                }

                settings = s with { InputSize = input[0] };
                output = Widen(input);
                break;
            case LayerKind.BatchNorm2d:
            case LayerKind.Dropout2d:
                if (!RequireRank(3))
                {
                    return null;
                }

                settings = s with { InputSize = kind == LayerKind.BatchNorm2d ? input[0] : 0 };
                output = Widen(input);
                break;
            case LayerKind.Conv2d:
                if (!RequireRank(3))
                {
                    return null;
                }

                if (input[0] % s.Groups != 0)
                {
                    Report(DiagnosticDescriptors.InvalidLayerArgument, $"Groups is {Format(s.Groups)}; it must divide the {Format(input[0])} input channels");
                    return null;
                }

                settings = s with { InputSize = input[0] };
                output = new[]
                {
                    s.OutputSize,
                    ConvolutionExtent(input[1], s.KernelHeight, s.Stride, s.Padding, s.Dilation),
                    ConvolutionExtent(input[2], s.KernelWidth, s.Stride, s.Padding, s.Dilation),
                };
                break;
            case LayerKind.MaxPool2d:
            case LayerKind.AvgPool2d:
                if (!RequireRank(3))
                {
                    return null;
                }

                output = new[]
                {
                    input[0],
                    PoolingExtent(input[1], s.KernelHeight, s.Stride, s.Padding),
                    PoolingExtent(input[2], s.KernelWidth, s.Stride, s.Padding),
                };
                break;
            case LayerKind.AdaptiveAvgPool2d:
                if (!RequireRank(3))
                {
                    return null;
                }

                output = new long[] { input[0], s.OutputHeight, s.OutputWidth };
                break;
            case LayerKind.Flatten:
                // Capped just above int.MaxValue: enough to report the overflow, never enough to overflow a long.
                output = new[] { input.Aggregate(1L, (product, d) => Math.Min(product * d, (long)int.MaxValue + 1)) };
                break;
            default:
                // Activations, dropout and log-softmax keep the shape.
                output = Widen(input);
                break;
        }

        if (output.Any(d => d <= 0))
        {
            var advice = kind == LayerKind.Conv2d
                ? "the kernel does not fit: use a smaller Kernel, Stride or Dilation, more Padding, or a larger input"
                : "the window does not fit: use a smaller kernel or Stride, or remove a pooling layer before it";
            Report(DiagnosticDescriptors.EmptyOutput, FormatShape(input), FormatShape(output), advice);
            return null;
        }

        if (output.Any(d => d > int.MaxValue))
        {
            Report(DiagnosticDescriptors.InvalidLayerArgument, $"its output {FormatShape(output)} has a dimension larger than {Format(int.MaxValue)}");
            return null;
        }

        // Conv2d's count is a product of four user-given numbers: check its size before computing it exactly.
        if ((double)settings.OutputSize * settings.InputSize * settings.KernelHeight * settings.KernelWidth > 1e15)
        {
            Report(DiagnosticDescriptors.InvalidLayerArgument, "it would have more than 10^15 parameters");
            return null;
        }

        return new ResolvedLayer(
            name,
            kind,
            settings,
            input.ToEquatableArray(),
            output.Select(d => (int)d).ToEquatableArray(),
            ParameterCount(kind, settings));
    }

    /// <summary>The layer kind that does what <paramref name="kind"/> does on samples of rank <paramref name="rank"/>, if there is one.</summary>
    private static LayerKind? TwinForRank(LayerKind kind, int rank) => (kind, rank) switch
    {
        (LayerKind.BatchNorm1d, 3) => LayerKind.BatchNorm2d,
        (LayerKind.BatchNorm2d, 1) => LayerKind.BatchNorm1d,
        (LayerKind.Dropout2d, 1) => LayerKind.Dropout,
        _ => null,
    };

    private static long[] Widen(int[] shape) => shape.Select(d => (long)d).ToArray();

    private static long FloorDivide(long dividend, long divisor)
    {
        var quotient = dividend / divisor;
        return (dividend % divisor != 0) && ((dividend < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
