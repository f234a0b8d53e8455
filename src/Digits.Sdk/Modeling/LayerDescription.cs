namespace Digits.Sdk.Modeling;

/// <summary>One layer of a declared network as the generator resolved it.</summary>
/// <param name="Name">The layer's field and module name in the generated class, e.g. <c>conv1</c>; parameter names are prefixed with it (<c>conv1.weight</c>).</param>
/// <param name="Kind">What the layer computes.</param>
/// <param name="Arguments">The layer's resolved arguments.</param>
/// <param name="Input">The shape of one sample entering the layer.</param>
/// <param name="Output">The shape of one sample leaving the layer.</param>
/// <param name="ParameterCount">The number of trainable parameters (buffers such as running statistics are not counted).</param>
public sealed record LayerDescription(
    string Name,
    LayerKind Kind,
    LayerArguments Arguments,
    TensorShape Input,
    TensorShape Output,
    long ParameterCount);
