namespace Digits.Sdk.Robustness;

/// <summary>What a robustness run measures; the defaults measure all 15 families of MNIST-C on the whole test set.</summary>
public sealed record RobustnessOptions
{
    /// <summary>The families to apply, in the order to report them; all 15 by default (<see cref="Corruptions.All"/>).</summary>
    public IReadOnlyList<Corruption> Families { get; init; } = Corruptions.All;

    /// <summary>The seed of the corruptions' random draws (<see cref="Corruptions.Corrupt"/>); the same seed gives the same figures.</summary>
    public int Seed { get; init; }

    /// <summary>Evaluate only the first this many test images, or all when <see langword="null"/>: the picture path is slower.</summary>
    public int? Limit { get; init; }

    /// <summary>The families held out of the model's training, reported apart as unseen; none by default.</summary>
    public IReadOnlyList<Corruption> Unseen { get; init; } = [];

    /// <summary>The model's name in the report; by default the network's type or the ONNX model's network name.</summary>
    public string? ModelName { get; init; }
}
