using System.Runtime.InteropServices;
using CsCheck;
using Digits.Sdk.Generators.Model;
using static TorchSharp.torch;

namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// Shape inference on its own, with libtorch as the oracle: for any sizes, the extent the generator infers
/// is what libtorch computes, and the generator calls a shape empty exactly when libtorch rejects it.
/// </summary>
public sealed class ShapeInferenceTests
{
    [Fact]
    public void Convolution_extents_match_libtorch_and_are_empty_exactly_when_libtorch_refuses()
    {
        Gen.Select(Gen.Int[1, 24], Gen.Int[1, 7], Gen.Int[1, 4], Gen.Int[0, 3], Gen.Int[1, 3]).Sample((input, kernel, stride, padding, dilation) =>
        {
            using var scope = NewDisposeScope();
            var inferred = ShapeInference.ConvolutionExtent(input, kernel, stride, padding, dilation);
            var actual = Attempt(() => nn.functional.conv2d(
                zeros(1, 1, input, input),
                ones(1, 1, kernel, kernel),
                strides: [stride, stride],
                padding: [padding, padding],
                dilation: [dilation, dilation]).shape[2]);

            Assert.True(inferred > 0 ? actual == inferred : actual is null, $"input {input}, kernel {kernel}, stride {stride}, padding {padding}, dilation {dilation}: inferred {inferred}, libtorch {actual?.ToString() ?? "refuses"}");
        }, iter: 300);
    }

    [Fact]
    public void Pooling_extents_match_libtorch_max_and_average_pooling()
    {
        Gen.Int[1, 7].SelectMany(kernel => Gen.Select(Gen.Int[1, 24], Gen.Const(kernel), Gen.Int[1, 4], Gen.Int[0, kernel / 2])).Sample((input, kernel, stride, padding) =>
        {
            using var scope = NewDisposeScope();
            var inferred = ShapeInference.PoolingExtent(input, kernel, stride, padding);
            var max = Attempt(() => nn.functional.max_pool2d(zeros(1, 1, input, input), kernel, stride, padding).shape[2]);
            var average = Attempt(() => nn.functional.avg_pool2d(zeros(1, 1, input, input), kernel, stride, padding).shape[2]);

            var context = $"input {input}, kernel {kernel}, stride {stride}, padding {padding}: inferred {inferred}, max {max}, average {average}";
            Assert.True(inferred > 0 ? max == inferred && average == inferred : max is null && average is null, context);
        }, iter: 300);
    }

    [Fact]
    public void Layers_are_named_after_their_kind_with_one_counter_per_name()
    {
        var names = ShapeInference.NameLayers([
            LayerKind.Conv2d, LayerKind.BatchNorm2d, LayerKind.ReLU, LayerKind.Conv2d, LayerKind.MaxPool2d,
            LayerKind.Dropout2d, LayerKind.Flatten, LayerKind.Dropout, LayerKind.Linear, LayerKind.BatchNorm1d,
            LayerKind.RandomFourierFeatures, LayerKind.Linear]);

        Assert.Equal(["conv1", "bn1", "relu1", "conv2", "pool1", "dropout1", "flatten1", "dropout2", "fc1", "bn2", "rff1", "fc2"], names);
    }

    [Fact]
    public void A_flattened_image_feeds_its_element_count_into_the_next_linear_layer()
    {
        var analysis = ShapeInference.Analyze(Declaration([3, 5, 7], 4, (LayerKind.Flatten, new LayerSettings()), (LayerKind.Linear, new LayerSettings { OutputSize = 4 })));

        Assert.Empty(analysis.Diagnostics);
        var linear = analysis.Network!.Layers[1];
        Assert.Equal(3 * 5 * 7, linear.Settings.InputSize);
        Assert.Equal((3 * 5 * 7 * 4) + 4, linear.ParameterCount);
    }

    [Fact]
    public void Shape_inference_never_throws_and_either_resolves_or_explains()
    {
        var kinds = Enum.GetValues<LayerKind>();
        var size = Gen.OneOf(Gen.Int[-2, 40], Gen.Const(int.MaxValue), Gen.Const(int.MinValue));
        var real = Gen.OneOf(Gen.Double[-1, 2], Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity));
        var settings = Gen.Select(size, size, size, size, size, size, real, Gen.Bool).Select((output, kernel, stride, padding, dilation, groups, number, bias) => new LayerSettings
        {
            OutputSize = output, KernelHeight = kernel, KernelWidth = kernel, Stride = stride, Padding = padding, Dilation = dilation,
            Groups = groups, Bias = bias, OutputHeight = output, OutputWidth = kernel, Probability = number, NegativeSlope = number,
            Epsilon = number, Momentum = number, Gamma = number,
        });
        var layer = Gen.Select(Gen.Int[0, kinds.Length - 1], settings).Select((kind, s) => (kinds[kind], s));
        var shape = Gen.OneOf(Gen.Int[-1, 40].Array[0, 4], Gen.Const(new[] { int.MaxValue, int.MaxValue, int.MaxValue }));

        Gen.Select(shape, Gen.Int[-1, 12], layer.Array[0, 8]).Sample((input, classes, layers) =>
        {
            var analysis = ShapeInference.Analyze(Declaration(input, classes, layers));
            Assert.True(analysis.Network is not null ^ analysis.Diagnostics.Count > 0);
        }, iter: 2000);
    }

    private static long? Attempt(Func<long> libtorch)
    {
        try
        {
            return libtorch();
        }
        catch (ExternalException)
        {
            return null;
        }
    }

    private static NetworkDeclaration Declaration(int[] input, int classes, params (LayerKind Kind, LayerSettings Settings)[] layers) => new(
        "Tests",
        "Probe",
        Location: null,
        input.ToEquatableArray(),
        classes,
        layers.Select(layer => new LayerDeclaration(layer.Kind, layer.Settings, Location: null)).ToEquatableArray(),
        EquatableArray<DiagnosticInfo>.Empty,
        ClassShell.TopLevel);
}
