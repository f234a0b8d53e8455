using Digits.Sdk.Inference;

namespace Digits.Sdk.Contract;

/// <summary>
/// The contract between a Digits.Sdk ONNX model file and whoever reads it: the graph's input and output names, the
/// <c>metadata_props</c> keys and the words their values are spelled in. The exporter writes exactly this and
/// <see cref="DigitClassifier"/> reads exactly this; a consumer in another language reads the same keys
/// (docs/articles/onnx.md lists them). Lists are JSON arrays; numbers use the invariant culture.
/// </summary>
/// <remarks>
/// It sits beside the exporter and the inference side rather than in either, so that neither depends on the other
/// for it: the inference side must stay loadable without TorchSharp.
/// </remarks>
internal static class OnnxModelContract
{
    /// <summary>The graph input: a batch of samples, <c>[N, C, H, W]</c> for images, <c>[N, F]</c> for vectors.</summary>
    public const string InputName = "input";

    /// <summary>The graph output with one raw score per class, <c>[N, classes]</c>.</summary>
    public const string LogitsName = "logits";

    /// <summary>The optional graph output with the softmax of the logits.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The symbolic batch dimension of the input and outputs.</summary>
    public const string BatchDimension = "N";

    /// <summary>Always <see cref="ProducerName"/>; tells our models from other ONNX files.</summary>
    public const string ProducerKey = "digits.producer";

    /// <summary>The value of <see cref="ProducerKey"/> in every file we write.</summary>
    public const string ProducerName = "Digits.Sdk";

    /// <summary>The Digits.Sdk version that wrote the file.</summary>
    public const string ProducerVersionKey = "digits.producer_version";

    /// <summary>The network's class name, e.g. <c>MnistCnn</c>.</summary>
    public const string NetworkKey = "digits.network";

    /// <summary>The fingerprint of the architecture (<c>NetworkArchitecture.Hash</c>).</summary>
    public const string ArchitectureHashKey = "digits.architecture_hash";

    /// <summary>The name of the data set the network was trained on, e.g. <c>mnist</c>, or the folder name of a user's own.</summary>
    public const string DatasetKey = "digits.dataset";

    /// <summary>The class names in label order, a JSON array of strings.</summary>
    public const string ClassNamesKey = "digits.class_names";

    /// <summary>How the input tensor is laid out: <see cref="ImageLayout"/> or <see cref="VectorLayout"/>.</summary>
    public const string InputLayoutKey = "digits.input_layout";

    /// <summary>The shape of one input sample without the batch dimension, a JSON array such as <c>[1,28,28]</c>.</summary>
    public const string InputShapeKey = "digits.input_shape";

    /// <summary>Per-channel means subtracted from intensities in [0, 1] (1 = ink), a JSON array.</summary>
    public const string InputMeanKey = "digits.input_mean";

    /// <summary>Per-channel standard deviations the centred intensities are divided by, a JSON array.</summary>
    public const string InputStandardDeviationKey = "digits.input_std";

    /// <summary>How a picture must be prepared before it is normalised: <see cref="DigitPreprocessing"/> or <see cref="NoPreprocessing"/>.</summary>
    public const string PreprocessingKey = "digits.preprocessing";

    /// <summary>
    /// The SHA-256 of the model's weights (its initializers, in the canonical form <see cref="OnnxWeightsDigest"/>
    /// defines), as 64 lower-case hexadecimal digits. <see cref="DigitClassifier"/> refuses a model whose weights no
    /// longer match it; models exported before the key existed have none and load unchecked.
    /// </summary>
    public const string WeightsDigestKey = "digits.weights_sha256";

    /// <summary>
    /// The temperature the network's scores were divided by in the graph to calibrate its probabilities (a positive
    /// number in the invariant culture); absent for a model exported without calibration, whose temperature is 1.
    /// Informational: the graph already applies it, so a reader uses <see cref="LogitsName"/> and <see cref="ProbabilitiesName"/> as they are.
    /// </summary>
    public const string TemperatureKey = "digits.temperature";

    /// <summary>
    /// The confidence (the largest of the <see cref="ProbabilitiesName"/>) below which the model's answer is "not a
    /// digit", chosen on validation digits at export; absent for a model without one, which never answers so.
    /// </summary>
    public const string NotADigitBelowKey = "digits.not_a_digit_below";

    /// <summary>The layout of image inputs: batch, channels, height, width.</summary>
    public const string ImageLayout = "NCHW";

    /// <summary>The layout of flat feature-vector inputs: batch, features.</summary>
    public const string VectorLayout = "NF";

    /// <summary>The word for <see cref="ImagePreprocessing.Digit"/>.</summary>
    public const string DigitPreprocessing = "digit";

    /// <summary>The word for <see cref="ImagePreprocessing.None"/>.</summary>
    public const string NoPreprocessing = "none";

    /// <summary>
    /// What a model that has no <see cref="PreprocessingKey"/> (exported before the key existed) was always given:
    /// MNIST's digit preprocessing.
    /// </summary>
    public const ImagePreprocessing PreprocessingOfOlderModels = ImagePreprocessing.Digit;

    /// <summary>The metadata word for a preprocessing.</summary>
    public static string Name(ImagePreprocessing preprocessing) => preprocessing switch
    {
        ImagePreprocessing.Digit => DigitPreprocessing,
        ImagePreprocessing.None => NoPreprocessing,
        _ => throw new ArgumentOutOfRangeException(nameof(preprocessing), preprocessing, "Unknown preprocessing."),
    };

    /// <summary>The preprocessing a metadata word names, if it names one.</summary>
    public static bool TryParsePreprocessing(string name, out ImagePreprocessing preprocessing)
    {
        (var known, preprocessing) = name switch
        {
            DigitPreprocessing => (true, ImagePreprocessing.Digit),
            NoPreprocessing => (true, ImagePreprocessing.None),
            _ => (false, default),
        };
        return known;
    }
}
