using Digits.Sdk.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Onnx;

/// <summary>
/// The floating-point state (parameters and buffers) of a network, copied out of TorchSharp once, keyed by
/// TorchSharp's names (<c>conv1.weight</c>, <c>bn1.running_mean</c>). The graph translation then works on
/// plain arrays and never touches native tensors.
/// </summary>
internal sealed class NetworkWeights
{
    private readonly Dictionary<string, WeightTensor> tensors;
    private readonly string networkName;

    private NetworkWeights(Dictionary<string, WeightTensor> tensors, string networkName)
    {
        this.tensors = tensors;
        this.networkName = networkName;
    }

    /// <summary>Copies every floating-point entry of <paramref name="module"/>'s state dictionary.</summary>
    public static NetworkWeights From(nn.Module module, string networkName)
    {
        var state = module.state_dict();
        var copies = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        using (NewDisposeScope())
        {
            foreach (var (name, tensor) in state)
            {
                // num_batches_tracked is an integer counter that inference never needs.
                if (!tensor.is_floating_point())
                {
                    continue;
                }

                var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
                copies[name] = new WeightTensor(values.shape, values.data<float>().ToArray());
            }
        }

        return new NetworkWeights(copies, networkName);
    }

    /// <summary>Wraps tensors that are already plain arrays (tests and tools).</summary>
    public static NetworkWeights FromTensors(IReadOnlyDictionary<string, WeightTensor> tensors, string networkName) =>
        new(new Dictionary<string, WeightTensor>(tensors, StringComparer.Ordinal), networkName);

    /// <summary>The tensor <c>{layer}.{parameter}</c>, checked against the shape the architecture implies.</summary>
    /// <exception cref="InvalidOperationException">The network has no such tensor or it has another shape.</exception>
    public WeightTensor Require(LayerDescription layer, string parameter, params long[] expectedShape)
    {
        return Find(layer, parameter, expectedShape)
            ?? throw new InvalidOperationException(
                $"Layer '{layer.Name}' ({layer.Kind}) of network '{networkName}' has no tensor '{layer.Name}.{parameter}'. "
                + "The module's submodules must be named after the layers of its Architecture, as generated networks are.");
    }

    /// <summary>The tensor <c>{layer}.{parameter}</c> if the network has it, checked against the expected shape.</summary>
    /// <exception cref="InvalidOperationException">The tensor exists with another shape.</exception>
    public WeightTensor? Find(LayerDescription layer, string parameter, params long[] expectedShape)
    {
        var key = layer.Name + "." + parameter;
        if (!tensors.TryGetValue(key, out var tensor))
        {
            return null;
        }

        if (!tensor.Shape.AsSpan().SequenceEqual(expectedShape))
        {
            throw new InvalidOperationException(
                $"Tensor '{key}' of network '{networkName}' has shape {tensor.ShapeText}, but the architecture implies "
                + $"[{string.Join(", ", expectedShape)}] for layer '{layer.Name}' ({layer.Kind}, input {layer.Input}, output {layer.Output}).");
        }

        return tensor;
    }
}
