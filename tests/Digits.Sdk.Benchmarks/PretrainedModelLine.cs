using System.Globalization;
using System.Security.Cryptography;
using Digits.Sdk.Inference;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Names the pretrained model this build embeds, so a benchmark's output says which model it measured (the file in
/// <c>src/Digits.Sdk.Inference/models</c> is replaced when a better one is trained).
/// </summary>
internal static class PretrainedModelLine
{
    public static string Describe()
    {
        var bytes = PretrainedModel.Read();
        using var classifier = DigitClassifier.LoadPretrained();
        return string.Create(CultureInfo.InvariantCulture,
            $"pretrained model: {classifier.Metadata.NetworkName}, {bytes.Length / 1e6:F2} MB, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}…");
    }
}
