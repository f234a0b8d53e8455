namespace Digits.Sdk.Generators;

/// <summary>The metadata names of the runtime types the generator reads, and the names it emits.</summary>
internal static class TypeNames
{
    public const string ModelingNamespace = "Digits.Sdk.Modeling";

    public const string NetworkAttribute = ModelingNamespace + ".NetworkAttribute";

    /// <summary>Every layer attribute is named after its kind with this suffix, e.g. <c>Conv2dAttribute</c>.</summary>
    public const string AttributeSuffix = "Attribute";

    public const string TorchSharpModule = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";

    public const string GlobalModule = "global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>";

    public const string GlobalTensor = "global::TorchSharp.torch.Tensor";

    public const string GlobalNn = "global::TorchSharp.torch.nn";

    public const string GlobalModules = "global::TorchSharp.Modules";

    public const string GlobalModeling = "global::Digits.Sdk.Modeling";

    public const string GlobalRandomFourierFeatures = "global::Digits.Sdk.Modeling.Layers.RandomFourierFeatures";

    /// <summary>Batch normalization as TorchSharp computes it, without the temporary scalars that a collection can free mid-call.</summary>
    public const string GlobalScalarSafeBatchNorm = "global::Digits.Sdk.Modeling.Layers.ScalarSafeBatchNorm";

    /// <summary>Checks that TorchSharp loads before the first module is built, so a failure is explained.</summary>
    public const string GlobalTorchRuntime = "global::Digits.Sdk.Native.TorchRuntime";

    public const string GlobalGeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
}
