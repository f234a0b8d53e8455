namespace Digits.Sdk.Modeling;

/// <summary>
/// Declares a network: the source generator turns the <see langword="partial"/> class it is put on into a
/// TorchSharp module whose layers are the layer attributes that follow, top to bottom and left to right.
/// </summary>
/// <remarks>
/// Input channels and input features are never written: the generator infers every layer's input from
/// <see cref="InputShape"/> and reports shape errors as compiler diagnostics (<c>DGT001</c>…).
/// </remarks>
/// <example>
/// <code>
/// [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
/// [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
/// [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
/// [Flatten, Dropout(0.25), Linear(128), ReLU, Linear(10)]
/// public partial class MnistCnn;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The shape of one input sample without the batch dimension, e.g. <c>new[] { 1, 28, 28 }</c> for MNIST images.</summary>
    public int[] InputShape { get; set; } = [];

    /// <summary>The number of classes; the last layer must output exactly this many values per sample.</summary>
    public int Classes { get; set; }
}
