namespace Digits.Sdk.Inference;

/// <summary>What a Digits.Sdk ONNX model says about itself in its metadata, as <see cref="DigitClassifier"/> read it.</summary>
/// <param name="NetworkName">The class name of the exported network, e.g. <c>MnistCnn</c>.</param>
/// <param name="ProducerVersion">The Digits.Sdk version that exported the model.</param>
/// <param name="ArchitectureHash">The fingerprint of the network's architecture.</param>
/// <param name="ClassNames">The class names in label order.</param>
/// <param name="InputLayout"><c>NCHW</c> for image inputs, <c>NF</c> for flat feature vectors.</param>
/// <param name="InputShape">The shape of one input sample without the batch dimension, e.g. <c>[1, 28, 28]</c>.</param>
/// <param name="NormalizationMean">Per-channel mean subtracted from intensities in [0, 1] (1 = ink).</param>
/// <param name="NormalizationStandardDeviation">Per-channel standard deviation the centred intensities are divided by.</param>
/// <param name="Dataset">
/// The name of the data set the network was trained on (<c>mnist</c>, <c>fashion-mnist</c>, or a user's own data set's
/// name); <see langword="null"/> for models exported before models recorded it.
/// </param>
/// <param name="Preprocessing">How pictures are prepared before they are normalised (see <see cref="DigitClassifier.PredictImage(string)"/>).</param>
/// <param name="WeightsDigest">
/// The SHA-256 of the model's weights recorded when it was exported (64 lower-case hexadecimal digits), which
/// <see cref="DigitClassifier"/> checked when it loaded the model; <see langword="null"/> for a model exported before
/// models recorded it, whose weights could not be checked.
/// </param>
/// <param name="Temperature">
/// The temperature the exporter divided the network's scores by to calibrate its probabilities (the graph applies it;
/// it is shown, never applied again); 1 for a model exported without calibration.
/// </param>
/// <param name="NotADigitBelow">
/// The confidence below which the model's answer is "not a digit", chosen on validation digits when it was exported
/// (<see cref="DigitClassifier.NotADigitBelow"/> starts from it); <see langword="null"/> for a model without one.
/// </param>
public sealed record ClassifierMetadata(
    string NetworkName,
    string ProducerVersion,
    string ArchitectureHash,
    IReadOnlyList<string> ClassNames,
    string InputLayout,
    IReadOnlyList<int> InputShape,
    IReadOnlyList<float> NormalizationMean,
    IReadOnlyList<float> NormalizationStandardDeviation,
    string? Dataset,
    ImagePreprocessing Preprocessing,
    string? WeightsDigest,
    double Temperature = 1,
    double? NotADigitBelow = null);
