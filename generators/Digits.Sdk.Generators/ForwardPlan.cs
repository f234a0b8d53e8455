using System.Collections.Generic;
using Digits.Sdk.Generators.Model;

namespace Digits.Sdk.Generators;

/// <summary>
/// Decides the order in which <c>forward</c> runs a network's layers. It computes the function the attributes
/// declare, in the order that costs least on libtorch's CPU kernels:
/// <list type="bullet">
/// <item>a network that starts on images first lays its input out channels-last, so convolution, batch norm and
/// pooling run their channels-last kernels;</item>
/// <item>a ReLU or leaky ReLU directly followed by max pooling runs after the pooling instead, on a quarter of the
/// values for 2×2 pooling. Both are non-decreasing, so the maximum of the activations is the activation of the
/// maximum: values are equal, and so are gradients (a window whose maximum is not positive gets none either way).</item>
/// </list>
/// </summary>
/// <remarks>Pure functions of the model, tested with the emitted code's snapshots and by running generated networks.</remarks>
internal static class ForwardPlan
{
    /// <summary>Whether <c>forward</c> starts by laying its input out channels-last: the first layer works on images.</summary>
    public static bool StartsChannelsLast(ResolvedNetwork network) =>
        network.Input.Count == 3 && network.Layers.Count > 0 && WorksOnImages(network.Layers[0].Kind);

    /// <summary>The layer calls of <c>forward</c>, in order.</summary>
    public static IReadOnlyList<ForwardCall> Calls(ResolvedNetwork network)
    {
        var layers = network.Layers;
        var calls = new List<ForwardCall>(layers.Count);
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (i + 1 < layers.Count && CommutesWithMaxPooling(layer) && layers[i + 1].Kind == LayerKind.MaxPool2d)
            {
                var pooling = layers[i + 1];
                calls.Add(new ForwardCall(pooling, pooling.Output, $"before {layer.Name}, which commutes with max pooling"));
                calls.Add(new ForwardCall(layer, pooling.Output, null));
                i++;
            }
            else
            {
                calls.Add(new ForwardCall(layer, layer.Output, null));
            }
        }

        return calls;
    }

    /// <summary>The element-wise, non-decreasing activations: f(max(a, b)) = max(f(a), f(b)).</summary>
    /// <remarks>
    /// A leaky ReLU is non-decreasing only with a slope of at least zero. Sigmoid and tanh are increasing too, but
    /// saturate to equal floats, where the two orders would send a window's gradient to different elements; GELU
    /// and SiLU are not monotonic.
    /// </remarks>
    private static bool CommutesWithMaxPooling(ResolvedLayer layer) => layer.Kind switch
    {
        LayerKind.ReLU => true,
        LayerKind.LeakyReLU => layer.Settings.NegativeSlope >= 0,
        _ => false,
    };

    private static bool WorksOnImages(LayerKind kind) => kind is LayerKind.Conv2d
        or LayerKind.BatchNorm2d
        or LayerKind.MaxPool2d
        or LayerKind.AvgPool2d
        or LayerKind.AdaptiveAvgPool2d
        or LayerKind.Dropout2d;
}
