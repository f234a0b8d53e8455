using System.Globalization;
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

        // One letter of a parameter's name in the weights section: the architecture hash still matches. Re-sealed, so
        // the damage gets past the section's checksum to the walk behind it (as in a format-1 file).
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.UTF8.GetBytes("fc1.weight");
        var at = bytes.AsSpan().LastIndexOf(name);
        Assert.True(at > 0);
        bytes[at + 5] = (byte)'X';
        Assert.True(CheckpointFile.Reseal(bytes));
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
        var checkpoint = Checkpoint.Read(Path.Combine(FixedCrashes, "weights-rank-claims-2gb.bin"));
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
        var path = Path.Combine(FixedCrashes, "optimizer-state-ends-early.bin");
        var checkpoint = Checkpoint.Read(path);
        using var network = new SeedNetwork();
        checkpoint.LoadInto(network);
        using var optimizer = optim.AdamW(network.parameters());

        var error = Assert.Throws<InvalidDataException>(() => checkpoint.LoadOptimizerState(optimizer));

        Assert.Contains($"'{path}' is damaged: its optimizer state", error.Message);
    }

    [Fact]
    public void A_checkpoint_whose_optimizer_state_claims_an_enormous_rank_is_refused_without_allocating_for_it()
    {
        // The fuzzer's reproducer: the second moment of the first parameter claims 2^28 - 1 dimensions, for which
        // TorchSharp's OptimizerHelper.load_state_dict allocated 2 GB of sizes when a run resumed.
        var path = Path.Combine(FixedCrashes, "optimizer-state-rank-claims-2gb.bin");
        var checkpoint = Checkpoint.Read(path);
        using var network = new SeedNetwork();
        checkpoint.LoadInto(network);
        using var optimizer = optim.AdamW(network.parameters());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => checkpoint.LoadOptimizerState(optimizer));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Contains($"'{path}' is damaged: its optimizer state section does not hold the state of AdamW for SeedNetwork", error.Message);
        Assert.Contains("expected the rank of the second moment (exp_avg_sq) of parameter 0 (2) at byte 263 of the section", error.Message);
    }

    [Theory]
    [MemberData(nameof(EveryOptimizer))]
    public void The_state_of_every_optimizer_the_sdk_makes_passes_the_walk_and_restores_exactly(string name)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("state.ckpt");
        manual_seed(5);
        using var network = new SeedNetwork();
        using var trained = Settings(name).Create(network.parameters());
        for (var step = 0; step < 3; step++)
        {
            trained.zero_grad();
            using var input = randn(2, 1, 4, 4);
            using var loss = network.forward(input).square().sum();
            loss.backward();
            trained.step();
        }

        Checkpoint.Write(path, Manifest(nameof(SeedNetwork), SeedNetwork.Architecture.Hash) with { Optimizer = name }, network, trained);
        using var resumed = Settings(name).Create(network.parameters());

        Checkpoint.Read(path).LoadOptimizerState(resumed);

        Assert.Equal(StateBytes(trained), StateBytes(resumed));
    }

    [Fact]
    public void An_optimizer_state_saved_by_another_optimizer_is_reported_as_a_mismatch_not_as_damage()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("sgd.ckpt");
        using var network = new SeedNetwork();
        using var sgd = Optimizers.Sgd(momentum: 0.9).Create(network.parameters());
        Checkpoint.Write(path, Manifest(nameof(SeedNetwork), SeedNetwork.Architecture.Hash) with { Optimizer = "SGD" }, network, sgd);
        using var adam = Optimizers.Adam().Create(network.parameters());

        var error = Assert.Throws<ResumeMismatchException>(() => Checkpoint.Read(path).LoadOptimizerState(adam));

        Assert.Contains($"The optimizer state in '{path}' was saved by SGD and does not fit this run's optimizer, Adam.", error.Message);
        Assert.EndsWith("Resume with the same optimizer.", error.Message);
    }

    [Fact]
    public void An_optimizer_state_with_a_boolean_byte_other_than_0_or_1_is_refused_as_damaged()
    {
        // BinaryReader takes any non-zero byte as true; a writer never writes one, so only damage puts it there.
        using var folder = new TemporaryFolder();
        var path = folder.File("sgd.ckpt");
        using var network = new SeedNetwork();
        using var sgd = Optimizers.Sgd(momentum: 0.9).Create(network.parameters());
        Checkpoint.Write(path, Manifest(nameof(SeedNetwork), SeedNetwork.Architecture.Hash) with { Optimizer = "SGD" }, network, sgd);
        var checkpoint = Checkpoint.Read(path);
        var section = checkpoint.OptimizerStateBytes;
        // "SGD", 1 group, 2 states, 5 doubles, then nesterov: the first boolean of the group's options.
        var nesterov = 1 + 3 + 1 + 1 + (5 * 8);
        Assert.Equal(0, section[nesterov]);
        // Re-sealed, so the damage gets past the section's checksum to the walk behind it (as in a format-1 file).
        var damaged = Damage(path, checkpoint.OptimizerStateOffset + nesterov, 2, reseal: true);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(damaged).LoadOptimizerState(sgd));

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"expected nesterov of parameter group 0 (a boolean, 0 or 1) at byte {nesterov} of the section (offset {checkpoint.OptimizerStateOffset + nesterov} of the file)"), error.Message);
    }

    [Fact]
    public void An_optimizer_state_of_the_same_optimizer_with_another_number_of_parameters_is_refused_as_damaged()
    {
        // The architecture matched and the SDK builds each optimizer over all the network's parameters, so another count
        // can only be damage (re-sealed here, as in a format-1 file, to get past the section's checksum).
        using var folder = new TemporaryFolder();
        var path = folder.File("sgd.ckpt");
        using var network = new SeedNetwork();
        using var sgd = Optimizers.Sgd(momentum: 0.9).Create(network.parameters());
        Checkpoint.Write(path, Manifest(nameof(SeedNetwork), SeedNetwork.Architecture.Hash) with { Optimizer = "SGD" }, network, sgd);
        var checkpoint = Checkpoint.Read(path);
        // "SGD" (a length and 3 letters), 1 group, then the number of states: 2, the weight and the bias.
        const int States = 1 + 3 + 1;
        Assert.Equal(2, checkpoint.OptimizerStateBytes[States]);
        var damaged = Damage(path, checkpoint.OptimizerStateOffset + States, 3, reseal: true);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(damaged).LoadOptimizerState(sgd));

        Assert.Contains($"expected the number of parameter states (2) at byte {States} of the section", error.Message);
    }

    public static TheoryData<string> EveryOptimizer() => ["SGD", "SGD+momentum", "Adam", "AdamW"];

    private static OptimizerSettings Settings(string name) => name switch
    {
        "SGD" => Optimizers.Sgd(learningRate: 0.1, momentum: 0),
        "SGD+momentum" => Optimizers.Sgd(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
        "Adam" => Optimizers.Adam(weightDecay: 1e-3),
        _ => Optimizers.AdamW(),
    };

    private static byte[] StateBytes(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A copy of the checkpoint at <paramref name="path"/> with the byte at <paramref name="offset"/> set to
    /// <paramref name="value"/>, and its checksums recomputed when <paramref name="reseal"/>.
    /// </summary>
    private static string Damage(string path, int offset, byte value, bool reseal)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] = value;
        if (reseal)
        {
            Assert.True(CheckpointFile.Reseal(bytes));
        }

        var damaged = Path.Combine(Path.GetDirectoryName(path)!, "damaged-" + Path.GetFileName(path));
        File.WriteAllBytes(damaged, bytes);
        return damaged;
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
