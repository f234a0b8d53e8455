namespace Digits.Sdk.Generators.Model;

/// <summary>A layer after shape inference: everything the emitter needs, nothing about where it was written.</summary>
/// <param name="Name">The field and module name, e.g. <c>conv1</c>.</param>
/// <param name="Kind">The layer kind.</param>
/// <param name="Settings">The arguments, with the inferred input size.</param>
/// <param name="Input">The shape of one sample entering the layer.</param>
/// <param name="Output">The shape of one sample leaving the layer.</param>
/// <param name="ParameterCount">The number of trainable parameters.</param>
internal sealed record ResolvedLayer(
    string Name,
    LayerKind Kind,
    LayerSettings Settings,
    EquatableArray<int> Input,
    EquatableArray<int> Output,
    long ParameterCount);
