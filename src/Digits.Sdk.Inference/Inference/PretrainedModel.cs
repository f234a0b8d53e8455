namespace Digits.Sdk.Inference;

/// <summary>The pretrained MNIST model that travels inside this assembly as a resource.</summary>
/// <remarks>
/// The file is <c>models/digits-pretrained.onnx</c> of this project, made by <c>samples/PretrainedModel</c> and described
/// by the card beside it; the project file embeds it under <see cref="ResourceName"/> and refuses to build without it.
/// </remarks>
internal static class PretrainedModel
{
    /// <summary>The manifest resource name the project file gives the model (its <c>LogicalName</c>).</summary>
    public const string ResourceName = "Digits.Sdk.Inference.digits-pretrained.onnx";

    /// <summary>How error messages name the model, where they would name a file.</summary>
    public const string Description = "the pretrained model built into Digits.Sdk.Inference";

    /// <summary>The bytes of the ONNX file.</summary>
    /// <exception cref="InvalidOperationException">This build of the assembly carries no model.</exception>
    public static byte[] Read()
    {
        using var stream = typeof(PretrainedModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"This build of Digits.Sdk.Inference carries no pretrained model (resource '{ResourceName}'); it was built "
                + "without it. Use DigitClassifier.Load with a model file, or a released Digits.Sdk.Inference package.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
