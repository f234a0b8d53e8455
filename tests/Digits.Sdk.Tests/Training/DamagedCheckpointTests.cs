using System.Text;
using Digits.Sdk.Fuzzing;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Training;

/// <summary>Damage inside a checkpoint's sections, found by fuzzing, is reported as a damaged file rather than as TorchSharp's exceptions.</summary>
public sealed class DamagedCheckpointTests
{
    private static readonly string FixedCrashes = Path.Combine(BuildEnvironment.RepositoryRoot, "tests", "Digits.Sdk.Fuzzing", "crashes-fixed", "checkpoint");

    [Fact]
    public void A_checkpoint_whose_weights_name_an_unknown_parameter_is_refused_as_damaged()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("tiny.ckpt");
        using (var network = new TinyLinear())
        {
            Checkpoint.Write(path, Manifest(), network, optimizer: null);
        }

        // One letter of a parameter's name in the weights section: the architecture hash still matches.
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.UTF8.GetBytes("fc1.weight");
        var at = bytes.AsSpan().LastIndexOf(name);
        Assert.True(at > 0);
        bytes[at + 5] = (byte)'X';
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load<TinyLinear>(path));

        Assert.Contains($"'{path}' is damaged: its weights section", error.Message);
        Assert.Contains("fc1.wXight", error.Message);
    }

    [Fact]
    public void A_checkpoint_whose_optimizer_state_ends_early_is_refused_as_damaged()
    {
        // The fuzzer's reproducer: the optimizer state of a checkpoint of the harness's seed network runs out mid-number.
        var path = Path.Combine(FixedCrashes, "optimizer-state-ends-early.ckpt");
        var checkpoint = Checkpoint.Read(path);
        using var network = new SeedNetwork();
        checkpoint.LoadInto(network);
        using var optimizer = optim.AdamW(network.parameters());

        var error = Assert.Throws<InvalidDataException>(() => checkpoint.LoadOptimizerState(optimizer));

        Assert.Contains($"'{path}' is damaged: its optimizer state", error.Message);
    }

    private static CheckpointManifest Manifest() => new()
    {
        FormatVersion = Checkpoint.FormatVersion,
        Network = nameof(TinyLinear),
        ArchitectureHash = TinyLinear.Architecture.Hash,
        Optimizer = "AdamW",
        Seed = 1,
        Epoch = 1,
        Epochs = 1,
        SavedAt = DateTimeOffset.UnixEpoch,
        History = [],
    };
}
