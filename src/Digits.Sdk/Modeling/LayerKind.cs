namespace Digits.Sdk.Modeling;

/// <summary>The kinds of layer a declared network can contain, one per layer attribute.</summary>
public enum LayerKind
{
    /// <summary>A fully connected layer, <c>y = xWᵀ + b</c>.</summary>
    Linear,

    /// <summary>A 2-D convolution.</summary>
    Conv2d,

    /// <summary>2-D max pooling.</summary>
    MaxPool2d,

    /// <summary>2-D average pooling.</summary>
    AvgPool2d,

    /// <summary>2-D average pooling to a fixed output size.</summary>
    AdaptiveAvgPool2d,

    /// <summary>Batch normalisation over features of a 2-D input <c>[N, C]</c>.</summary>
    BatchNorm1d,

    /// <summary>Batch normalisation over channels of a 4-D input <c>[N, C, H, W]</c>.</summary>
    BatchNorm2d,

    /// <summary>Element-wise dropout (training only).</summary>
    Dropout,

    /// <summary>Channel-wise dropout (training only).</summary>
    Dropout2d,

    /// <summary>Flattens everything but the batch dimension.</summary>
    Flatten,

    /// <summary>Rectified linear unit.</summary>
    ReLU,

    /// <summary>Leaky rectified linear unit.</summary>
    LeakyReLU,

    /// <summary>Gaussian error linear unit.</summary>
    GELU,

    /// <summary>Sigmoid linear unit (swish).</summary>
    SiLU,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,

    /// <summary>Log-softmax over the features.</summary>
    LogSoftmax,

    /// <summary>
    /// A fixed random projection <c>sqrt(2/D)·cos(xW + b)</c> that approximates an RBF kernel,
    /// so that a linear layer on top of it behaves like a kernel SVM.
    /// </summary>
    RandomFourierFeatures,
}
