using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// The checkpoint reader as <c>digits evaluate</c>, <c>export</c> and <c>train --resume</c> use it:
/// <see cref="Checkpoint.Read"/>, then, for a checkpoint of <see cref="SeedNetwork"/>, <see cref="Checkpoint.LoadInto"/>
/// (the weights, parsed by TorchSharp's reader) and the optimizer state a resumed run restores.
/// </summary>
/// <remarks>
/// Documented: <see cref="InvalidDataException"/> (not a checkpoint, or damaged: <see cref="Checkpoint.Read"/> and
/// <see cref="Checkpoint.Load{TNetwork}"/>), <see cref="CheckpointMismatchException"/> (another architecture), and the
/// <see cref="InvalidOperationException"/> a resume reports for optimizer state that does not fit. The reader holds the
/// file and a copy of each section, so a few times the input is all it may allocate.
/// </remarks>
internal sealed class CheckpointTarget : FuzzTarget
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"digits-fuzz-{Environment.ProcessId}.ckpt");
    private SeedNetwork? network;
    private optim.Optimizer? optimizer;

    public override string Name => "checkpoint";

    public override void Warm()
    {
        // libtorch only; the network waits for the first input, since its architecture is Digits.Sdk code.
        using var warm = ones(1);
    }

    protected override void Parse(byte[] input)
    {
        if (network is null)
        {
            network = new SeedNetwork();
            optimizer = optim.AdamW(network.parameters());
        }

        File.WriteAllBytes(path, input);
        var checkpoint = Checkpoint.Read(path);
        // An accepted checkpoint must be usable as it is, as the CLI and the trainer use it.
        var dataset = checkpoint.Dataset;
        if (checkpoint.NetworkName is null || checkpoint.ArchitectureHash is null || checkpoint.OptimizerName is null
            || checkpoint.History is null || checkpoint.History.Any(epoch => epoch is null)
            || dataset.ClassNames.Any(name => name is null) || dataset.ImageShape.Any(d => d <= 0)
            || !double.IsFinite(dataset.Normalization.Mean) || !double.IsFinite(dataset.Normalization.Std) || !(dataset.Normalization.Std > 0))
        {
            throw new InvalidOperationException($"A checkpoint was accepted with a manifest that cannot be used: network {checkpoint.NetworkName ?? "null"}, data set {dataset}.");
        }
        if (checkpoint.NetworkName == nameof(SeedNetwork))
        {
            checkpoint.LoadInto(network!);
            try
            {
                checkpoint.LoadOptimizerState(optimizer!);
            }
            catch (InvalidOperationException error) when (error.Message.Contains("Resume with the same optimizer", StringComparison.Ordinal))
            {
                // How a resume reports optimizer state saved by another optimizer or for other parameters.
            }
        }
    }

    protected override bool IsDocumented(Exception error) =>
        error is InvalidDataException or CheckpointMismatchException;

    protected override long AllocationBudget(int inputLength) => (16L * inputLength) + (1L << 20);
}
