using Digits.Sdk.Contract;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx.Protos;
using Google.Protobuf;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// The metadata half of <see cref="DigitClassifier.Load"/>: the input is an ONNX model file; its
/// <c>metadata_props</c> are taken as ONNX Runtime hands them over (a key given twice keeps its last value) and read by
/// <see cref="ModelMetadataReader"/>, then turned into what the classifier derives from them (sample size, image side).
/// The file's weights are read by the inference package's own protobuf reader (<see cref="OnnxWeightsDigest"/>) and,
/// when the metadata records a digest, checked against it, as the classifier checks them.
/// </summary>
/// <remarks>
/// <para>ONNX Runtime's own protobuf and graph checks are native code outside this repository, and a session costs
/// milliseconds; the model is parsed here with the SDK's own ONNX messages (Google.Protobuf) instead, which read the same
/// bytes the same way, so afl-fuzz spends its time on our code.</para>
/// <para>The digest reader is held to Google.Protobuf's reading of the same bytes: when both read a file, the digest of
/// the file must equal the digest of the model Google.Protobuf parsed and wrote back (fields in canonical order, lists
/// packed, repeated singular fields collapsed to their last value, repeated graphs merged), since both stand for the
/// same initializers.</para>
/// <para>Documented: <see cref="InvalidDataException"/> (not exported by Digits.Sdk, malformed metadata, malformed
/// protobuf under the digest reader, or weights that do not match their digest), and
/// <see cref="InvalidProtocolBufferException"/>, standing for ONNX Runtime's refusal of a file that is not a model
/// (which <see cref="DigitClassifier.Load"/> reports as an <see cref="InvalidDataException"/>).</para>
/// </remarks>
internal sealed class OnnxMetadataTarget : FuzzTarget
{
    public override string Name => "onnx-metadata";

    protected override void Parse(byte[] input)
    {
        // The digest reader first, on every input: it parses bytes from users before anything else does.
        string? digest = null;
        InvalidDataException? unreadable = null;
        try
        {
            digest = OnnxWeightsDigest.Compute(input);
        }
        catch (InvalidDataException error)
        {
            unreadable = error;
        }

        var model = ModelProto.Parser.ParseFrom(input);
        if (unreadable is not null)
        {
            // Google.Protobuf read what the digest reader refused: a refusal all the same, as DigitClassifier would give.
            throw unreadable;
        }

        // Google.Protobuf replaces a name that is not UTF-8 with U+FFFD, where ONNX Runtime (proto2) and the digest keep
        // its bytes: written back, such a model is another model.
        var lossless = model.Graph?.Initializer.All(tensor => !tensor.Name.Contains('\uFFFD', StringComparison.Ordinal)) ?? true;
        var canonical = OnnxWeightsDigest.Compute(model.ToByteArray());
        if (lossless && canonical != digest)
        {
            throw new InvalidOperationException(
                $"The digest reader read the file's initializers as {digest}, but the same model written back by Google.Protobuf as {canonical}.");
        }

        var metadata = new Dictionary<string, string>();
        foreach (var entry in model.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        var read = ModelMetadataReader.Read(metadata, "'fuzz.onnx'");
        if (read.WeightsDigest is { } recorded)
        {
            OnnxWeightsDigest.Check(input, recorded, "'fuzz.onnx'");
        }

        // Accepted metadata must be usable as it is: every class named, normalisation that gives finite inputs.
        if (read.ClassNames.Any(name => name is null)
            || read.NormalizationMean.Any(mean => !float.IsFinite(mean))
            || read.NormalizationStandardDeviation.Any(std => !float.IsFinite(std) || !(std > 0)))
        {
            throw new InvalidOperationException(
                $"Metadata was accepted with class names [{string.Join(", ", read.ClassNames.Select(n => n ?? "null"))}], mean "
                + $"[{string.Join(", ", read.NormalizationMean)}] and standard deviation [{string.Join(", ", read.NormalizationStandardDeviation)}].");
        }

        var shape = read.InputShape;
        // DigitClassifier sizes its input buffers from the shape as an int: an accepted shape must give a positive int.
        var sampleSize = shape.Aggregate(1.0, (product, d) => product * d);
        if (sampleSize > int.MaxValue)
        {
            throw new InvalidOperationException($"Metadata input shape [{string.Join(", ", shape)}] was accepted, but its {sampleSize} values per sample do not fit the classifier's buffers.");
        }
    }

    protected override bool IsDocumented(Exception error) => error is InvalidDataException or InvalidProtocolBufferException;

    protected override long AllocationBudget(int inputLength) => (64L * inputLength) + (1L << 20);
}
