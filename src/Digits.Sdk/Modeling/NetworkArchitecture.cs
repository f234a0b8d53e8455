using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Digits.Sdk.Modeling;

/// <summary>
/// A runtime description of a declared network: its input, its classes and every layer with its
/// inferred shapes. The source generator emits one as the static <c>Architecture</c> property of each
/// network; summaries, checkpoints and the ONNX exporter read it.
/// </summary>
/// <param name="Name">The network's class name.</param>
/// <param name="Input">The shape of one input sample, e.g. <c>[1, 28, 28]</c>.</param>
/// <param name="Classes">The number of classes the network predicts.</param>
/// <param name="Layers">The layers in forward order.</param>
public sealed record NetworkArchitecture(
    string Name,
    TensorShape Input,
    int Classes,
    IReadOnlyList<LayerDescription> Layers)
{
    /// <summary>The total number of trainable parameters.</summary>
    public long ParameterCount => Layers.Sum(layer => layer.ParameterCount);

    /// <summary>The shape of one output sample (that of the last layer).</summary>
    public TensorShape Output => Layers.Count == 0 ? Input : Layers[^1].Output;

    /// <summary>
    /// A stable fingerprint of the layers, their arguments and shapes (not the name). Checkpoints store it
    /// so that weights are never loaded into a network of another architecture.
    /// </summary>
    public string Hash
    {
        get
        {
            // Record printing formats numbers with the current culture; the hash must not depend on it.
            var culture = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                return ComputeHash();
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }
        }
    }

    private string ComputeHash()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Input}|{Classes}");
        foreach (var layer in Layers)
        {
            text.Append(CultureInfo.InvariantCulture, $"|{layer.Kind}:{layer.Arguments}:{layer.Input}->{layer.Output}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <inheritdoc/>
    public bool Equals(NetworkArchitecture? other) =>
        other is not null
        && Name == other.Name
        && Input == other.Input
        && Classes == other.Classes
        && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Input, Classes, Layers.Count);
}
