namespace Digits.Sdk.Generators.Model;

/// <summary>
/// The layer kinds the generator knows. Member names match <c>Digits.Sdk.Modeling.LayerKind</c> and the
/// attribute names (<c>Conv2d</c> ↔ <c>Conv2dAttribute</c>); the emitter relies on that. Names and values are
/// pinned to the runtime's by <c>RuntimeMirrorTests</c>.
/// </summary>
internal enum LayerKind
{
    Linear,
    Conv2d,
    MaxPool2d,
    AvgPool2d,
    AdaptiveAvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Dropout,
    Dropout2d,
    Flatten,
    ReLU,
    LeakyReLU,
    GELU,
    SiLU,
    Tanh,
    Sigmoid,
    LogSoftmax,
    RandomFourierFeatures,
}
