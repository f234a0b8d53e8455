using Digits.Sdk.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// A small CNN written by hand the way the source generator writes declared networks (one registered field per
/// layer, a static architecture), so the trainer is tested against the same shape of class. It has dropout,
/// so the reproducibility tests cover dropout's randomness too.
/// </summary>
public sealed class TinyCnn : Module<Tensor, Tensor>, INetwork
{
    private readonly Conv2d conv1;
    private readonly MaxPool2d pool1;
    private readonly Dropout drop1;
    private readonly Flatten flatten;
    private readonly Linear fc1;

    public TinyCnn()
        : base(nameof(TinyCnn))
    {
        conv1 = Conv2d(1, 8, 3);
        pool1 = MaxPool2d(2);
        drop1 = Dropout(0.2);
        flatten = Flatten();
        fc1 = Linear(8 * 13 * 13, 10);
        RegisterComponents();
    }

    public static NetworkArchitecture Architecture { get; } = new(
        nameof(TinyCnn),
        new TensorShape(1, 28, 28),
        10,
        [
            new("conv1", LayerKind.Conv2d, new LayerArguments { InputSize = 1, OutputSize = 8, Kernel = (3, 3) }, new(1, 28, 28), new(8, 26, 26), 80),
            new("relu1", LayerKind.ReLU, new LayerArguments(), new(8, 26, 26), new(8, 26, 26), 0),
            new("pool1", LayerKind.MaxPool2d, new LayerArguments { Kernel = (2, 2) }, new(8, 26, 26), new(8, 13, 13), 0),
            new("drop1", LayerKind.Dropout, new LayerArguments { Probability = 0.2 }, new(8, 13, 13), new(8, 13, 13), 0),
            new("flatten", LayerKind.Flatten, new LayerArguments(), new(8, 13, 13), new(1352), 0),
            new("fc1", LayerKind.Linear, new LayerArguments { InputSize = 1352, OutputSize = 10 }, new(1352), new(10), 13530),
        ]);

    NetworkArchitecture INetwork.Architecture => Architecture;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = pool1.forward(functional.relu(conv1.forward(input)));
        return fc1.forward(flatten.forward(drop1.forward(x))).MoveToOuterDisposeScope();
    }
}

/// <summary>A linear classifier on the flattened pixels (logistic regression or a linear SVM, depending on the loss).</summary>
public sealed class TinyLinear : Module<Tensor, Tensor>, INetwork
{
    private readonly Flatten flatten;
    private readonly Linear fc1;

    public TinyLinear()
        : base(nameof(TinyLinear))
    {
        flatten = Flatten();
        fc1 = Linear(784, 10);
        RegisterComponents();
    }

    public static NetworkArchitecture Architecture { get; } = new(
        nameof(TinyLinear),
        new TensorShape(1, 28, 28),
        10,
        [
            new("flatten", LayerKind.Flatten, new LayerArguments(), new(1, 28, 28), new(784), 0),
            new("fc1", LayerKind.Linear, new LayerArguments { InputSize = 784, OutputSize = 10 }, new(784), new(10), 7850),
        ]);

    NetworkArchitecture INetwork.Architecture => Architecture;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc1.forward(flatten.forward(input)).MoveToOuterDisposeScope();
    }
}

/// <summary>A linear classifier with three outputs, for data sets of the user's own with three classes.</summary>
public sealed class ThreeClassLinear : Module<Tensor, Tensor>, INetwork
{
    private readonly Flatten flatten;
    private readonly Linear fc1;

    public ThreeClassLinear()
        : base(nameof(ThreeClassLinear))
    {
        flatten = Flatten();
        fc1 = Linear(784, 3);
        RegisterComponents();
    }

    public static NetworkArchitecture Architecture { get; } = new(
        nameof(ThreeClassLinear),
        new TensorShape(1, 28, 28),
        3,
        [
            new("flatten", LayerKind.Flatten, new LayerArguments(), new(1, 28, 28), new(784), 0),
            new("fc1", LayerKind.Linear, new LayerArguments { InputSize = 784, OutputSize = 3 }, new(784), new(3), 2355),
        ]);

    NetworkArchitecture INetwork.Architecture => Architecture;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc1.forward(flatten.forward(input)).MoveToOuterDisposeScope();
    }
}
