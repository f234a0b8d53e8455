using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Training;

namespace Digits.Sdk.Onnx;

/// <summary>
/// How <see cref="OnnxExporter.ExportOnnx{TNetwork}(TNetwork, string, OnnxExportOptions?)"/> writes a model. What the
/// model says about its data (class names, normalisation, preprocessing) comes from the data set the network was
/// trained on (<see cref="NetworkDatasets"/>); the properties here only override it, so the defaults need nothing.
/// </summary>
/// <example>
/// <code>
/// run.Model.ExportOnnx("digits.onnx", new OnnxExportOptions { Opset = 13, IncludeProbabilities = false });
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

    /// <summary>The default ONNX options: opset 17, a probabilities output, batch norm folded, the data set the network records.</summary>
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
    /// The data set to describe in the model instead of the one the network records (<see cref="NetworkDatasets.Of"/>),
    /// for a network the SDK did not train or load, such as <c>Datasets.Mnist.Identity</c>.
    /// </summary>
    public DatasetIdentity? Dataset { get; init; }

    /// <summary>The name of each class, in label order, instead of the data set's.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Per-channel mean subtracted from pixel intensities in [0, 1] before they enter the network, instead of the data
    /// set's; one value applies to every channel. Give <see cref="NormalizationStandardDeviation"/> with it.
    /// </summary>
    public IReadOnlyList<float>? NormalizationMean { get; init; }

    /// <summary>Per-channel standard deviation that the centred intensities are divided by, instead of the data set's; one value applies to every channel.</summary>
    public IReadOnlyList<float>? NormalizationStandardDeviation { get; init; }

    /// <summary>How pictures must be prepared for the model, instead of the data set's way.</summary>
    public ImagePreprocessing? Preprocessing { get; init; }

    /// <summary>
    /// The temperature the network's scores are divided by in the graph, so <c>logits</c> and <c>probabilities</c> are
    /// calibrated for every reader, instead of the one the network records (<see cref="Evaluation.NetworkCalibration"/>,
    /// fitted by training with a validation split); 1 exports the network's own softmax. Recorded in the metadata as
    /// <c>digits.temperature</c>. An ensemble divides each member's scores by that member's temperature.
    /// </summary>
    public double? Temperature { get; init; }

    /// <summary>
    /// The confidence below which <see cref="DigitClassifier"/> answers "not a digit", recorded in the model as
    /// <c>digits.not_a_digit_below</c> (choose it with <see cref="Evaluation.NotADigitThreshold"/> on validation digits);
    /// <see langword="null"/> records none, and the model never answers so unless its caller sets a threshold.
    /// </summary>
    public double? NotADigitBelow { get; init; }
}
