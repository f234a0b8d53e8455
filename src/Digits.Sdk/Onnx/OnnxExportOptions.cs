namespace Digits.Sdk.Onnx;

/// <summary>
/// How <see cref="OnnxExporter.ExportOnnx{TNetwork}(TNetwork, string, OnnxExportOptions?)"/> writes a model. The
/// defaults describe an MNIST network: opset 17, classes <c>"0"</c>…<c>"9"</c>, MNIST's normalisation.
/// </summary>
/// <example>
/// <code>
/// network.ExportOnnx("digits.onnx", new OnnxExportOptions { Opset = 13, IncludeProbabilities = false });
/// </code>
/// </example>
public sealed record OnnxExportOptions
{
    /// <summary>The lowest ONNX opset the exporter writes.</summary>
    public const int MinimumOpset = 13;

    /// <summary>The highest ONNX opset the exporter writes (the newest the ONNX checker of Debian 12, onnx 1.12, verifies).</summary>
    public const int MaximumOpset = 17;

    /// <summary>The opset written unless another is asked for.</summary>
    public const int DefaultOpset = 17;

    /// <summary>The mean intensity of MNIST training pixels scaled to [0, 1].</summary>
    public const float MnistMean = 0.1307f;

    /// <summary>The standard deviation of MNIST training pixels scaled to [0, 1].</summary>
    public const float MnistStandardDeviation = 0.3081f;

    /// <summary>The default ONNX options: opset 17, MNIST classes and normalisation, a probabilities output.</summary>
    public static OnnxExportOptions Default { get; } = new();

    /// <summary>The ONNX operator set version of the default domain, from <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>.</summary>
    public int Opset { get; init; } = DefaultOpset;

    /// <summary>Whether the model has a second output <c>probabilities</c>, the softmax of <c>logits</c>.</summary>
    public bool IncludeProbabilities { get; init; } = true;

    /// <summary>
    /// Whether a batch normalisation that directly follows a convolution or a fully connected layer is folded
    /// into that layer's weights and bias (the exported graph then has no BatchNormalization node for it).
    /// Other batch normalisations are always written as inference-form BatchNormalization nodes.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// The name of each class, in label order. <see langword="null"/> names them after their labels
    /// (<c>"0"</c>, <c>"1"</c>…), which suits digits.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Per-channel mean subtracted from pixel intensities in [0, 1] (1 = ink) before they enter the network;
    /// one value applies to every channel.
    /// </summary>
    public IReadOnlyList<float> NormalizationMean { get; init; } = [MnistMean];

    /// <summary>Per-channel standard deviation that the centred intensities are divided by; one value applies to every channel.</summary>
    public IReadOnlyList<float> NormalizationStandardDeviation { get; init; } = [MnistStandardDeviation];
}
