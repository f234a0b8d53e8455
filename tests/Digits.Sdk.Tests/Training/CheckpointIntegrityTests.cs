using System.Buffers.Binary;
using System.Globalization;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// Format 2 of checkpoints: a checksummed header and a checksum per section, so a damaged file is refused with the
/// section and its offsets; format 1 still loads, with a note; temporary files of killed writers are swept.
/// </summary>
public sealed class CheckpointIntegrityTests
{
    [Fact]
    public void A_damaged_header_is_refused_before_any_of_its_lengths_is_believed()
    {
        using var folder = new TemporaryFolder();
        var file = Written(folder);
        var path = folder.File("header.ckpt");
        // The weights length grows by 2^40: believed, it would send the reader far past the end of the file.
        var damaged = file.ToArray();
        damaged[21] ^= 0x01;
        File.WriteAllBytes(path, damaged);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));

        Assert.StartsWith($"'{path}' is damaged: its header (32 bytes from offset 0) does not match its CRC-32C checksum at offset 32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manifest")]
    [InlineData("weights")]
    [InlineData("optimizer state")]
    public void A_flipped_bit_in_any_section_is_refused_naming_that_section(string name)
    {
        using var folder = new TemporaryFolder();
        var file = Written(folder);
        var sections = CheckpointBytes.Sections(file);
        var section = name switch { "manifest" => sections.Manifest, "weights" => sections.Weights, _ => sections.OptimizerState };
        var path = folder.File("flipped.ckpt");
        File.WriteAllBytes(path, CheckpointBytes.FlipBit(file, section.Offset + (section.Length / 3), 6));

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));

        Assert.StartsWith($"'{path}' is damaged: its {name} section ({section.Length} bytes from offset {section.Offset}) does not match its CRC-32C checksum at offset {section.End}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_checkpoint_names_the_section_that_runs_past_the_end()
    {
        using var folder = new TemporaryFolder();
        var file = Written(folder);
        var weights = CheckpointBytes.Sections(file).Weights;
        var path = folder.File("truncated.ckpt");
        File.WriteAllBytes(path, file[..(weights.Offset + 10)]);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));

        Assert.Equal($"'{path}' is truncated: its weights section ({weights.Length} bytes from offset {weights.Offset}) and its checksum end past the end of the file ({weights.Offset + 10} bytes).", error.Message);
    }

    [Fact]
    public void Bytes_after_the_end_marker_are_refused()
    {
        using var folder = new TemporaryFolder();
        var file = Written(folder);
        var path = folder.File("longer.ckpt");
        File.WriteAllBytes(path, [.. file, 0]);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));

        Assert.Equal($"'{path}' is damaged: expected the end marker 'DIGITEND' at offset {file.Length - 8} and then the end of the file, which has {file.Length + 1} bytes.", error.Message);
    }

    [Fact]
    public void A_checkpoint_of_a_later_format_is_refused_naming_the_formats_this_version_reads()
    {
        using var folder = new TemporaryFolder();
        var file = Written(folder);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8), 3);
        var path = folder.File("future.ckpt");
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));

        Assert.Equal($"'{path}' is a checkpoint of format version 3, but this version of Digits.Sdk reads versions 1 and 2 (offset 8).", error.Message);
    }

    [Fact]
    public void A_checkpoint_of_format_1_loads_the_same_weights_and_optimizer_state_with_a_note()
    {
        using var folder = new TemporaryFolder();
        var file = Written(folder);
        var current = folder.File("current.ckpt");
        var old = folder.File("old.ckpt");
        File.WriteAllBytes(current, file);
        File.WriteAllBytes(old, CheckpointBytes.AsFormat1(file));

        var checkpoint = Checkpoint.Read(old);
        using var fromOld = new TinyLinear();
        checkpoint.LoadInto(fromOld);
        using var fromCurrent = Checkpoint.Load<TinyLinear>(current);
        using var optimizer = optim.AdamW(fromOld.parameters());
        checkpoint.LoadOptimizerState(optimizer);
        using var currentOptimizer = optim.AdamW(fromCurrent.parameters());
        Checkpoint.Read(current).LoadOptimizerState(currentOptimizer);

        Assert.Equal($"'{old}' is a checkpoint of format 1, written before checkpoints carried checksums: it loads, but damage inside it cannot be detected. Checkpoints written now (format 2) are checked on every load.", checkpoint.Note);
        Assert.Null(Checkpoint.Read(current).Note);
        var expected = fromCurrent.state_dict();
        foreach (var (name, tensor) in fromOld.state_dict())
        {
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"'{name}' differs.");
        }

        Assert.Equal(StateBytes(currentOptimizer), StateBytes(optimizer));
    }

    [Fact]
    public void Writing_a_checkpoint_sweeps_the_temporary_files_killed_writers_left_and_nothing_else()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("last.ckpt");
        // A process id above the kernel's limit (2^22) never runs; this test host does, and so does pid 1.
        var dead = folder.File(string.Create(CultureInfo.InvariantCulture, $".last.ckpt.{(1 << 22) + 7}-{Guid.NewGuid():N}.tmp"));
        var running = folder.File(string.Create(CultureInfo.InvariantCulture, $".last.ckpt.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"));
        var init = folder.File($".last.ckpt.1-{Guid.NewGuid():N}.tmp");
        var otherName = folder.File(string.Create(CultureInfo.InvariantCulture, $".best.ckpt.{(1 << 22) + 7}-{Guid.NewGuid():N}.tmp"));
        var notOurs = folder.File(".last.ckpt.notes.tmp");
        foreach (var file in new[] { dead, running, init, otherName, notOurs })
        {
            File.WriteAllBytes(file, [1, 2, 3]);
        }

        using (var network = new TinyLinear())
        {
            Checkpoint.Write(path, Manifest(), network, optimizer: null);
        }

        Assert.False(File.Exists(dead));
        Assert.All(new[] { running, init, otherName, notOurs }, file => Assert.True(File.Exists(file), file));
        Assert.Equal(1, Checkpoint.Read(path).Epoch);
    }

    /// <summary>A format-2 checkpoint of <see cref="TinyLinear"/> with AdamW's state after one step, as bytes.</summary>
    private static byte[] Written(TemporaryFolder folder)
    {
        var path = folder.File(Guid.NewGuid().ToString("N") + ".ckpt");
        manual_seed(11);
        using var network = new TinyLinear();
        using var optimizer = Optimizers.AdamW().Create(network.parameters());
        using (var input = rand(2, 1, 28, 28))
        using (var loss = network.forward(input).sum())
        {
            loss.backward();
        }

        optimizer.step();
        Checkpoint.Write(path, Manifest(), network, optimizer);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private static byte[] StateBytes(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    private static CheckpointManifest Manifest() => new()
    {
        FormatVersion = Checkpoint.FormatVersion,
        Network = nameof(TinyLinear),
        ArchitectureHash = TinyLinear.Architecture.Hash,
        Optimizer = "AdamW",
        Seed = 11,
        Epoch = 1,
        Epochs = 2,
        SavedAt = DateTimeOffset.UnixEpoch,
        History = [],
    };
}
