using Digits.Sdk.Inference;

namespace Digits.Sdk.Serving.Responses;

/// <summary>The answer of <c>POST /v1/predict</c>: one prediction per sample, in the order the request gave them.</summary>
/// <param name="Predictions">The predictions.</param>
internal sealed record PredictResponse(IReadOnlyList<PredictionResult> Predictions);

/// <summary>What the model made of one sample.</summary>
/// <param name="Name">The uploaded file's name, for multipart parts that had one.</param>
/// <param name="Blank">
/// Whether no digit was found: the sample had no ink to read (blank, or too faint), so it has no label, class name or
/// confidence and its probabilities are empty; the model was not asked.
/// </param>
/// <param name="Verdict">
/// <c>digit</c>, <c>no_digit_found</c> (blank) or <c>not_a_digit</c> (a mark the model does not take for a digit: its
/// confidence is below the model's threshold; label, class name and confidence are its best guess).
/// </param>
/// <param name="Label">The predicted class (for digits, the digit); absent when <paramref name="Blank"/>.</param>
/// <param name="ClassName">The predicted class's name; absent when <paramref name="Blank"/>.</param>
/// <param name="Confidence">The probability of the predicted class; absent when <paramref name="Blank"/>.</param>
/// <param name="Probabilities">Every class's probability, in label order; empty when <paramref name="Blank"/>.</param>
/// <param name="Input">With <c>?include=input</c>: the prepared input the model saw, as rows of intensities in [0, 1].</param>
internal sealed record PredictionResult(
    string? Name,
    bool Blank,
    string Verdict,
    int? Label,
    string? ClassName,
    float? Confidence,
    IReadOnlyList<float> Probabilities,
    float[][]? Input)
{
    /// <summary>The result of <paramref name="prediction"/>, a blank one without label, class name or confidence.</summary>
    public static PredictionResult Of(string? name, Prediction prediction, float[][]? input) => prediction.IsBlank
        ? new PredictionResult(name, Blank: true, PredictionVerdictNames.Of(prediction.Verdict), null, null, null, prediction.Probabilities, input)
        : new PredictionResult(name, Blank: false, PredictionVerdictNames.Of(prediction.Verdict), prediction.Label, prediction.ClassName, prediction.Confidence, prediction.Probabilities, input);
}

/// <summary>
/// The answer of <c>GET /v1/model</c>: what the served model says about itself, and how it is served. Its
/// <c>WeightsDigest</c> is the SHA-256 of the weights the classifier checked on load (absent for a model exported before
/// models recorded it), which tells exactly which weights are served.
/// </summary>
internal sealed record ModelDescription(
    string Name,
    string Network,
    string? Dataset,
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> InputShape,
    string InputLayout,
    NormalizationDescription Normalization,
    string Preprocessing,
    string ArchitectureHash,
    string? WeightsDigest,
    string ProducerVersion,
    ConfidenceDescription Confidence,
    BatchingDescription Batching,
    LimitsDescription Limits);

/// <summary>The per-channel normalisation the model applies to intensities in [0, 1].</summary>
internal sealed record NormalizationDescription(IReadOnlyList<float> Mean, IReadOnlyList<float> StandardDeviation);

/// <summary>
/// What the confidences mean: the temperature the model's graph divides its scores by (1 when uncalibrated), and the
/// confidence below which an answer is <c>not_a_digit</c> (0: never).
/// </summary>
internal sealed record ConfidenceDescription(double Temperature, double NotADigitBelow);

/// <summary>How concurrent requests share model runs.</summary>
internal sealed record BatchingDescription(bool Enabled, int MaxBatchSize, double MaxWaitMilliseconds, int MaxConcurrentBatches);

/// <summary>What one request may carry.</summary>
internal sealed record LimitsDescription(long MaxBodyBytes, int MaxFiles, long MaxPicturePixels);
