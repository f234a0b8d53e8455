using Digits.Sdk.Inference;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>The pretrained MNIST classifier, loaded once for every test: a real trained model, nothing to train.</summary>
internal static class Pretrained
{
    private static readonly Lazy<DigitClassifier> Shared = new(() => DigitClassifier.LoadPretrained());

    /// <summary>The shared classifier; never disposed by a test, as others use it after.</summary>
    public static DigitClassifier Classifier => Shared.Value;
}
