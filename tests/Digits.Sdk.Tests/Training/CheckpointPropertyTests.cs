using System.Text;
using System.Text.Json;
using CsCheck;
using Digits.Sdk.Contract;
using Digits.Sdk.Fuzzing;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// Properties of the checkpoint format on the fuzzing harness's 51-weight <see cref="SeedNetwork"/>, whose checkpoint
/// is small enough to change every one of its bytes.
/// </summary>
public sealed class CheckpointPropertyTests
{
    private const int SeedParameters = 51;

    private static readonly string[] OptimizerNames = ["SGD", "Adam", "AdamW"];

    private static readonly Gen<string> Text = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.'\"\\/éü漢字"].Array[1, 24].Select(chars => new string(chars));

    private static readonly Gen<EpochMetrics> Metrics = Gen.Select(
        Gen.Int[1, 1000],
        Gen.Double,
        Gen.Double[0, 1],
        Gen.Bool,
        Gen.Double,
        Gen.Double[0, 1],
        Gen.Double[1e-6, 1],
        Gen.Long[0, TimeSpan.TicksPerDay],
        Gen.Double[0, 1e6],
        (epoch, loss, accuracy, validated, validationLoss, validationAccuracy, learningRate, ticks, rate) => new EpochMetrics(
            epoch, loss, accuracy, validated ? validationLoss : null, validated ? validationAccuracy : null, learningRate, TimeSpan.FromTicks(ticks), rate));

    private static readonly Gen<CheckpointDataset> Dataset = Gen.Select(
        Text,
        Text,
        Text.Array[1, 12],
        Gen.Int[1, 4].Array[3],
        Gen.Double[-10, 10],
        Gen.Double[1e-3, 10],
        Gen.Bool,
        Gen.Bool,
        (name, title, classes, shape, mean, std, digit, known) => new CheckpointDataset
        {
            Name = name,
            Title = title,
            ClassNames = classes,
            ImageShape = shape,
            Mean = mean,
            Std = std,
            Preprocessing = OnnxModelContract.Name(digit ? ImagePreprocessing.Digit : ImagePreprocessing.None),
            Known = known,
        });

    private static readonly Gen<CheckpointManifest> Manifests = Gen.Select(
        Gen.Select(Text, Text, Gen.Int, Gen.Int[0, 1000], Gen.Int[0, 10_000], Gen.Int[1, 1000], Gen.DateTimeOffset),
        Metrics.Array[0, 6],
        Gen.Bool,
        Gen.Select(Gen.Double, Gen.Long[0, 1_000_000], Gen.Long[0, 1_000_000], Gen.Double[0, 1e4], Gen.Double[0, 1]),
        Gen.Int[0, 6],
        Gen.Bool,
        Dataset,
        (run, history, partial, totals, bestEpoch, hasDataset, dataset) => new CheckpointManifest
        {
            FormatVersion = Checkpoint.FormatVersion,
            Network = nameof(SeedNetwork),
            ArchitectureHash = SeedNetwork.Architecture.Hash,
            Optimizer = run.Item1,
            Seed = run.Item3,
            Epoch = run.Item4,
            BatchInEpoch = run.Item5,
            PartialEpoch = partial ? new EpochTotals(totals.Item1, totals.Item2, totals.Item3, totals.Item4, totals.Item5) : null,
            Epochs = run.Item6,
            SavedAt = run.Item7,
            History = history,
            BestEpoch = bestEpoch == 0 ? null : bestEpoch,
            EpochsWithoutImprovement = bestEpoch,
            Dataset = hasDataset ? dataset : null,
        });

    [Fact]
    public void Writing_then_reading_round_trips_the_manifest_the_weights_and_the_optimizer_state()
    {
        using var folder = new TemporaryFolder();
        var runs = Gen.Select(Manifests, Gen.Float.Array[SeedParameters], Gen.Int[0, OptimizerNames.Length - 1], Gen.Float.Array[16].Array[0, 3]);
        runs.Sample((manifest, weights, optimizerIndex, inputs) =>
        {
            using var scope = NewDisposeScope();
            var optimizerName = OptimizerNames[optimizerIndex];
            manifest = manifest with { Optimizer = optimizerName };
            using var network = new SeedNetwork();
            Fill(network, weights);
            using var optimizer = Create(optimizerName, network);
            foreach (var input in inputs)
            {
                // Steps on generated inputs give the optimizer generated moments, momentum buffers and step counts.
                optimizer.zero_grad();
                network.forward(tensor(input).reshape(1, 1, 4, 4)).sum().backward();
                optimizer.step();
            }

            // CsCheck samples on several threads at once, so every sample gets its own file.
            var path = folder.File(Guid.NewGuid().ToString("N") + ".ckpt");
            Checkpoint.Write(path, manifest, network, optimizer);
            var checkpoint = Checkpoint.Read(path);
            using var loaded = new SeedNetwork();
            checkpoint.LoadInto(loaded);
            using var restored = Create(optimizerName, loaded);
            checkpoint.LoadOptimizerState(restored);

            return checkpoint.Note is null
                && Json(checkpoint.Manifest) == Json(manifest)
                && SameManifest(checkpoint.Manifest, manifest)
                && StateBytes(loaded).SequenceEqual(StateBytes(network))
                && OptimizerBytes(restored).SequenceEqual(OptimizerBytes(optimizer));
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Every_single_byte_change_anywhere_in_a_checkpoint_is_detected_or_provably_harmless()
    {
        // Every position of the file, each set to 0x00, 0xFF, and each of its eight bits flipped; then positions and values
        // CsCheck picks at random. "Provably harmless" means the change yields exactly the original's weights, optimizer
        // state and manifest (a byte no reader looks at). Format 2 has no such byte: each one is a constant that is
        // compared (the magic, the end marker) or is covered by a checksum, so every change must be refused, with
        // InvalidDataException naming the file, before any parser behind the checksums sees it.
        var original = SeedCheckpoint();
        var reference = Outcome(original);
        Assert.NotNull(reference);

        var harmless = 0;
        for (var position = 0; position < original.Length; position++)
        {
            foreach (var value in Values(original[position]))
            {
                harmless += Harmless(original, reference, position, value) ? 1 : 0;
            }
        }

        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte).Where(change => original[change.Item1] != change.Item2).Sample(
            (position, value) => { harmless += Harmless(original, reference, position, value) ? 1 : 0; }, iter: 20_000, threads: 1);

        Assert.Equal(0, harmless);
    }

    [Fact]
    public void Re_sealing_a_checkpoint_that_is_intact_changes_nothing()
    {
        var original = SeedCheckpoint();
        var copy = original.ToArray();

        Assert.False(CheckpointFile.Reseal(copy));
        Assert.Equal(original, copy);
    }

    /// <summary>
    /// Whether <paramref name="file"/> with <paramref name="value"/> at <paramref name="position"/> is read as the same
    /// checkpoint as the original; throws when it is read as a different one, or refused other than as documented.
    /// </summary>
    private static bool Harmless(byte[] file, (string Manifest, byte[] Weights, byte[] Optimizer)? reference, int position, byte value)
    {
        var changed = file.ToArray();
        changed[position] = value;
        var outcome = Outcome(changed);
        if (outcome is null)
        {
            return false;
        }

        Assert.True(
            outcome.Value.Manifest == reference!.Value.Manifest && outcome.Value.Weights.SequenceEqual(reference.Value.Weights) && outcome.Value.Optimizer.SequenceEqual(reference.Value.Optimizer),
            $"Setting byte {position} to 0x{value:x2} gave a different checkpoint that was accepted.");
        return true;
    }

    /// <summary>What <c>Read</c>, <c>LoadInto</c> and the optimizer restore make of <paramref name="file"/>, or null when refused as damaged.</summary>
    private static (string Manifest, byte[] Weights, byte[] Optimizer)? Outcome(byte[] file)
    {
        const string Path = "/checkpoints/seed.ckpt";
        try
        {
            var checkpoint = Checkpoint.Parse(file, Path);
            using var network = new SeedNetwork();
            checkpoint.LoadInto(network);
            using var optimizer = optim.AdamW(network.parameters());
            checkpoint.LoadOptimizerState(optimizer);
            return (Json(checkpoint.Manifest), StateBytes(network), OptimizerBytes(optimizer));
        }
        catch (InvalidDataException error)
        {
            Assert.Contains($"'{Path}'", error.Message, StringComparison.Ordinal);
            return null;
        }
    }

    private static IEnumerable<byte> Values(byte original)
    {
        var values = new HashSet<byte> { 0x00, 0xFF };
        for (var bit = 0; bit < 8; bit++)
        {
            values.Add((byte)(original ^ (1 << bit)));
        }

        values.Remove(original);
        return values;
    }

    /// <summary>The harness's seed: a checkpoint of <see cref="SeedNetwork"/> with AdamW's state after one step.</summary>
    private static byte[] SeedCheckpoint()
    {
        using var folder = new TemporaryFolder();
        Seeds.Write("checkpoint", folder.Path);
        return File.ReadAllBytes(Path.Combine(folder.Path, "seed-network.bin"));
    }

    private static optim.Optimizer Create(string name, SeedNetwork network) => name switch
    {
        "SGD" => Optimizers.Sgd(learningRate: 0.1, momentum: 0.9).Create(network.parameters()),
        "Adam" => Optimizers.Adam(weightDecay: 1e-3).Create(network.parameters()),
        _ => Optimizers.AdamW().Create(network.parameters()),
    };

    private static void Fill(SeedNetwork network, float[] values)
    {
        using var _ = no_grad();
        var offset = 0;
        foreach (var parameter in network.parameters())
        {
            var count = (int)parameter.numel();
            using var source = tensor(values.AsSpan(offset, count).ToArray()).reshape(parameter.shape);
            parameter.copy_(source);
            offset += count;
        }
    }

    private static string Json(CheckpointManifest manifest) => JsonSerializer.Serialize(manifest, CheckpointJsonContext.Default.CheckpointManifest);

    /// <summary>Field by field, lists by their elements (records compare lists by reference).</summary>
    private static bool SameManifest(CheckpointManifest read, CheckpointManifest written) =>
        read.History.SequenceEqual(written.History)
        && read with { History = written.History, Dataset = written.Dataset } == written
        && (read.Dataset, written.Dataset) switch
        {
            (null, null) => true,
            ({ } a, { } b) => a.ClassNames.SequenceEqual(b.ClassNames) && a.ImageShape.SequenceEqual(b.ImageShape)
                && a with { ClassNames = b.ClassNames, ImageShape = b.ImageShape } == b,
            _ => false,
        };

    private static byte[] StateBytes(SeedNetwork network)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            network.save(writer);
        }

        return stream.ToArray();
    }

    private static byte[] OptimizerBytes(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            ((OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }
}
