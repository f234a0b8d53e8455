namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// Declarations as users write them, covering every layer kind and option, several namespace styles, and
/// XML docs on the user's side so that documentation warnings would show up in generated members.
/// </summary>
internal static class Networks
{
    public const string LogisticRegression = """
        using Digits.Sdk.Modeling;

        namespace Samples;

        /// <summary>Logistic regression.</summary>
        [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
        [Flatten, Linear(10)]
        public partial class LogisticRegression;
        """;

    public const string Mlp = """
        using Digits.Sdk.Modeling;

        namespace Samples;

        /// <summary>A multi-layer perceptron.</summary>
        [Network(InputShape = [1, 28, 28], Classes = 10)]
        [Flatten]
        [Linear(256), ReLU, Dropout(0.2)]
        [Linear(128), ReLU]
        [Linear(10)]
        public sealed partial class Mlp
        {
        }
        """;

    public const string LeNet5 = """
        using Digits.Sdk.Modeling;

        namespace Samples.Classic
        {
            /// <summary>LeCun et al. (1998), on 28×28 digits padded to 32×32 by the first convolution.</summary>
            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Conv2d(6, Kernel = 5, Padding = 2), Tanh, AvgPool2d(2)]
            [Conv2d(16, Kernel = 5), Tanh, AvgPool2d(2)]
            [Flatten, Linear(120), Tanh, Linear(84), Tanh, Linear(10)]
            public partial class LeNet5;
        }
        """;

    public const string MnistCnn = """
        using Digits.Sdk.Modeling;

        namespace Samples;

        /// <summary>The network of the issue.</summary>
        [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
        [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
        [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
        [Flatten, Dropout(0.25), Linear(128), ReLU, Linear(10)]
        public partial class MnistCnn;
        """;

    public const string RffSvm = """
        using Digits.Sdk.Modeling;

        namespace Samples;

        /// <summary>An RBF-kernel SVM: fixed random Fourier features and a linear layer trained with a hinge loss.</summary>
        [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
        [Flatten, RandomFourierFeatures(4096, Gamma = 0.05, Seed = 7), Linear(10)]
        internal partial class RffSvm;
        """;

    public const string EveryActivation = """
        using Digits.Sdk.Modeling;

        namespace Samples;

        /// <summary>One of each activation.</summary>
        [Network(InputShape = new[] { 784 }, Classes = 10)]
        [Linear(64), ReLU]
        [Linear(64), LeakyReLU]
        [Linear(64), LeakyReLU(NegativeSlope = 0.2)]
        [Linear(64), GELU]
        [Linear(64), SiLU]
        [Linear(64), Tanh]
        [Linear(64), Sigmoid]
        [Linear(10), LogSoftmax]
        public partial class EveryActivation;
        """;

    // In the global namespace, with every option of every layer that has options.
    public const string EveryOption = """
        using Digits.Sdk.Modeling;

        /// <summary>Every layer option.</summary>
        [Network(InputShape = new[] { 3, 32, 32 }, Classes = 10)]
        [Conv2d(16, KernelHeight = 3, KernelWidth = 5, Stride = 2, Padding = 1, Dilation = 2, Bias = false)]
        [BatchNorm2d(Epsilon = 1e-3, Momentum = 0.2), LeakyReLU]
        [Conv2d(32, Kernel = 3, Padding = 1, Groups = 4), Dropout2d(0.1), MaxPool2d(3, Stride = 2, Padding = 1)]
        [AvgPool2d(2, Stride = 1), AdaptiveAvgPool2d(4, 3), AdaptiveAvgPool2d(2), Dropout2d]
        [Flatten, Linear(32, Bias = false), BatchNorm1d(Epsilon = 1e-4, Momentum = 0.05), ReLU, Dropout]
        [RandomFourierFeatures(64), Linear(10)]
        public partial class EveryOption;
        """;

    // Activations in front of max pooling: the ones forward may run after the pooling (ReLU, a leaky ReLU with a
    // positive slope) and the ones it must not move (a negative slope, sigmoid, GELU); a three-channel input.
    public const string ActivationsBeforePooling = """
        using Digits.Sdk.Modeling;

        namespace Samples;

        /// <summary>Activations directly before max pooling.</summary>
        [Network(InputShape = new[] { 3, 24, 24 }, Classes = 10)]
        [Conv2d(8, Kernel = 3, Padding = 1), ReLU, ReLU, MaxPool2d(2)]
        [Conv2d(8, Kernel = 3, Padding = 1), GELU, MaxPool2d(2, Stride = 1)]
        [Conv2d(8, Kernel = 3, Padding = 1), LeakyReLU(NegativeSlope = 0.1), MaxPool2d(3, Stride = 2, Padding = 1)]
        [Conv2d(8, Kernel = 3, Padding = 1), LeakyReLU(NegativeSlope = -0.5), MaxPool2d(2, Stride = 1)]
        [Sigmoid, MaxPool2d(2)]
        [Flatten, Linear(10)]
        public partial class ActivationsBeforePooling;
        """;

    /// <summary>Every network above by name, for theories.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [nameof(LogisticRegression)] = LogisticRegression,
        [nameof(Mlp)] = Mlp,
        [nameof(LeNet5)] = LeNet5,
        [nameof(MnistCnn)] = MnistCnn,
        [nameof(RffSvm)] = RffSvm,
        [nameof(EveryActivation)] = EveryActivation,
        [nameof(EveryOption)] = EveryOption,
        [nameof(ActivationsBeforePooling)] = ActivationsBeforePooling,
    };

    public static TheoryData<string> Names => new(All.Keys);
}
