namespace Digits.Sdk.Inference;

/// <summary>
/// The <c>metadata_props</c> keys the ONNX exporter writes and <see cref="DigitClassifier"/> reads: the contract
/// between a Digits.Sdk model file and its consumers. Lists are JSON arrays; numbers use the invariant culture.
/// </summary>
internal static class ModelMetadataKeys
{
    /// <summary>Always <see cref="ProducerName"/>; tells our models from other ONNX files.</summary>
    public const string Producer = "digits.producer";

    /// <summary>The Digits.Sdk version that wrote the file.</summary>
    public const string ProducerVersion = "digits.producer_version";

    /// <summary>The network's class name, e.g. <c>MnistCnn</c>.</summary>
    public const string Network = "digits.network";

    /// <summary>The fingerprint of the architecture (<c>NetworkArchitecture.Hash</c>).</summary>
    public const string ArchitectureHash = "digits.architecture_hash";

    /// <summary>The class names in label order, a JSON array of strings.</summary>
    public const string ClassNames = "digits.class_names";

    /// <summary>How the input tensor is laid out: <c>NCHW</c> for images, <c>NF</c> for flat feature vectors.</summary>
    public const string InputLayout = "digits.input_layout";

    /// <summary>The shape of one input sample without the batch dimension, a JSON array such as <c>[1,28,28]</c>.</summary>
    public const string InputShape = "digits.input_shape";

    /// <summary>Per-channel means subtracted from intensities in [0, 1] (1 = ink), a JSON array.</summary>
    public const string InputMean = "digits.input_mean";

    /// <summary>Per-channel standard deviations the centred intensities are divided by, a JSON array.</summary>
    public const string InputStandardDeviation = "digits.input_std";

    /// <summary>The value of <see cref="Producer"/> in every file we write.</summary>
    public const string ProducerName = "Digits.Sdk";
}
