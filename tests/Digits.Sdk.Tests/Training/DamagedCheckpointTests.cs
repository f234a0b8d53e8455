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

        Assert.Contains($"'{path}' is damaged: its weights section does not hold the weights of TinyLinear", error.Message);
        Assert.Contains("expected the tensor 'fc1.weight' at byte 1 of the section", error.Message);
    }

    [Fact]
    public void A_checkpoint_whose_weights_claim_an_enormous_rank_is_refused_without_allocating_for_it()
    {
        // The fuzzer's reproducer: 1,245 bytes whose first tensor claims 2^28 - 1 dimensions, for which TorchSharp's
        // reader allocated 2 GB of sizes before comparing them with the network's.
        var checkpoint = Checkpoint.Read(Path.Combine(FixedCrashes, "weights-rank-claims-2gb.ckpt"));
        using var network = new SeedNetwork();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => checkpoint.LoadInto(network));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Contains("expected the rank of 'fc1.weight' (2) at byte 13 of the section", error.Message);
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

    [Fact]
    public void Networks_with_batch_norm_buffers_pass_the_weights_check_and_load_their_exact_weights()
    {
        // The check walks every tensor of the state, buffers (running statistics, a rank-0 int64 counter) included.
        using var folder = new TemporaryFolder();
        var path = folder.File("fast.ckpt");
        using var saved = new Digits.Sdk.Models.FastCnn();
        Checkpoint.Write(path, Manifest(nameof(Digits.Sdk.Models.FastCnn), Digits.Sdk.Models.FastCnn.Architecture.Hash), saved, optimizer: null);

        using var loaded = Checkpoint.Load<Digits.Sdk.Models.FastCnn>(path);

        var expected = saved.state_dict();
        foreach (var (name, tensor) in loaded.state_dict())
        {
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"'{name}' differs after loading.");
        }
    }

    private static CheckpointManifest Manifest(string network = nameof(TinyLinear), string? hash = null) => new()
    {
        FormatVersion = Checkpoint.FormatVersion,
        Network = network,
        ArchitectureHash = hash ?? TinyLinear.Architecture.Hash,
        Optimizer = "AdamW",
        Seed = 1,
        Epoch = 1,
        Epochs = 1,
        SavedAt = DateTimeOffset.UnixEpoch,
        History = [],
    };
}
