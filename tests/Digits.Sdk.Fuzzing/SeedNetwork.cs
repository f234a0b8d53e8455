using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Digits.Sdk.Fuzzing;

/// <summary>
/// The smallest network the SDK can checkpoint and export: 4×4 pictures, three classes, 51 weights. Its checkpoint and
/// its ONNX model are a few hundred bytes, small enough for afl-fuzz to mutate every byte. Written by hand the way the
/// source generator writes declared networks (registered fields, a static architecture).
/// </summary>
internal sealed class SeedNetwork : Module<Tensor, Tensor>, INetwork
{
    private readonly Flatten flatten;
    private readonly Linear fc1;

    public SeedNetwork()
        : base(nameof(SeedNetwork))
    {
        flatten = Flatten();
        fc1 = Linear(16, 3);
        RegisterComponents();
    }

    /// <summary>The architecture the checkpoint's hash is computed from.</summary>
    public static NetworkArchitecture Architecture { get; } = new(
        nameof(SeedNetwork),
        new TensorShape(1, 4, 4),
        3,
        [
            new("flatten", LayerKind.Flatten, new LayerArguments(), new(1, 4, 4), new(16), 0),
            new("fc1", LayerKind.Linear, new LayerArguments { InputSize = 16, OutputSize = 3 }, new(16), new(3), 51),
        ]);

    /// <summary>A user's own data set of three classes, as a checkpoint of this network records it.</summary>
    public static DatasetIdentity Dataset { get; } = new()
    {
        Name = "fuzz-seed",
        Title = "Fuzzing seed",
        ClassNames = ["a", "b", "c"],
        ImageShape = [1, 4, 4],
        Normalization = new Normalization(0.5, 0.25),
        Preprocessing = ImagePreprocessing.None,
    };

    NetworkArchitecture INetwork.Architecture => Architecture;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc1.forward(flatten.forward(input)).MoveToOuterDisposeScope();
    }
}
