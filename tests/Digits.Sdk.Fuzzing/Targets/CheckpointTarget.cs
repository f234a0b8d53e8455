using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Fuzzing.Targets;

/// <summary>
/// The checkpoint reader as <c>digits evaluate</c>, <c>export</c> and <c>train --resume</c> use it:
/// <see cref="Checkpoint.Read"/>, then, for a checkpoint of <see cref="SeedNetwork"/>, <see cref="Checkpoint.LoadInto"/>
/// (the weights, parsed by TorchSharp's reader) and the optimizer state a resumed run restores.
/// </summary>
/// <remarks>
/// <para>Documented: <see cref="InvalidDataException"/> (not a checkpoint, or damaged: <see cref="Checkpoint.Read"/> and
/// <see cref="Checkpoint.Load{TNetwork}"/>), <see cref="CheckpointMismatchException"/> (another architecture), and the
/// <see cref="ResumeMismatchException"/> a resume reports for optimizer state that does not fit. The reader holds the
/// file and a copy of each section, so a few times the input is all it may allocate.</para>
/// <para>Format 2 has a checksum on every section, so nearly every mutation of a format-2 input stops there. Both paths
/// stay fuzzed: an input with a wrong checksum must be refused as it is, and is then re-sealed (its checksums
/// recomputed) and read again, so the manifest parser and the weights and optimizer state walks behind the checksums
/// see the mutation too. Format-1 inputs (no checksums) reach them directly.</para>
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

        var resealed = input.ToArray();
        if (!CheckpointFile.Reseal(resealed))
        {
            Load(input);
            return;
        }

        // A checksum is wrong: the reader must refuse the file as it is, whatever else is wrong with it...
        try
        {
            Load(input);
            throw new InvalidOperationException("A checkpoint whose checksum does not match its content was accepted.");
        }
        catch (InvalidDataException)
        {
        }

        // ...and the same bytes with their checksums right go on to the parsers behind them.
        Load(resealed);
    }

    protected override bool IsDocumented(Exception error) =>
        error is InvalidDataException or CheckpointMismatchException;

    // Two reads of the input at most (as it is, then re-sealed), each holding the file and a copy of its sections.
    protected override long AllocationBudget(int inputLength) => (32L * inputLength) + (2L << 20);

    private void Load(byte[] input)
    {
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
            catch (ResumeMismatchException)
            {
                // How a resume reports optimizer state saved by another optimizer.
            }
        }
    }
}
