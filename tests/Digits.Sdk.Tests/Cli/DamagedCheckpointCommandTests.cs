using Digits.Sdk.Models;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// Finding 1 of issue 16: a checkpoint with 64 bytes flipped in its middle, or a single bit, loaded with exit 0,
/// evaluated at 15.94% and was exported to ONNX. Every section now has a checksum, so <see cref="Checkpoint.Load{TNetwork}"/>,
/// <c>digits evaluate</c> and <c>digits export</c> refuse it, naming the file, the section and its offsets.
/// </summary>
public sealed class DamagedCheckpointCommandTests(SmallTrainedRun run) : IClassFixture<SmallTrainedRun>
{
    /// <summary>Where the damage is and what it is: 64 inverted bytes or one flipped bit, in the middle of the file or of the weights.</summary>
    public static TheoryData<string> Damages() => ["64 bytes in the middle of the file", "one bit in the middle of the file", "64 bytes in the middle of the weights", "one bit in the middle of the weights"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void Checkpoint_Load_refuses_a_damaged_checkpoint_naming_the_section_and_its_offsets(string damage)
    {
        var (path, expected) = Damaged(damage);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load<LogisticRegression>(path));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void Evaluate_refuses_a_damaged_checkpoint_on_one_line_naming_the_section_and_its_offsets(string damage)
    {
        var (path, expected) = Damaged(damage);

        var result = DigitsTool.Run("evaluate", path, "--data", run.Data);

        Assert.StartsWith("digits: error: " + expected, CliErrors.AssertOneLine(result), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void Export_refuses_a_damaged_checkpoint_and_writes_no_model(string damage)
    {
        var (path, expected) = Damaged(damage);
        var onnx = Path.ChangeExtension(path, ".onnx");

        var result = DigitsTool.Run("export", path, "--onnx", onnx);

        Assert.StartsWith("digits: error: " + expected, CliErrors.AssertOneLine(result), StringComparison.Ordinal);
        Assert.False(File.Exists(onnx));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(onnx)!, "*.onnx*"));
    }

    [Fact]
    public void A_checkpoint_of_format_1_still_evaluates_and_exports_with_a_note_on_stderr()
    {
        // Written before checkpoints carried checksums: it must keep working, and the user is told it cannot be checked.
        var folder = run.Folder("format-1");
        var path = Path.Combine(folder, "old.ckpt");
        File.WriteAllBytes(path, CheckpointBytes.AsFormat1(File.ReadAllBytes(run.Checkpoint)));
        var note = $"digits: note: '{path}' is a checkpoint of format 1, written before checkpoints carried checksums: it loads, but damage inside it cannot be detected.";

        var evaluate = DigitsTool.Run("evaluate", path, "--data", run.Data, "--json");
        var export = DigitsTool.Run("export", path, "--onnx", Path.Combine(folder, "old.onnx"));

        Assert.True(evaluate.ExitCode == 0, evaluate.Output);
        Assert.Contains("\"accuracy\"", evaluate.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(note, evaluate.StandardError, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Contains(note, export.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "old.onnx")));
    }

    [Fact]
    public void An_intact_checkpoint_gets_no_note()
    {
        var evaluate = DigitsTool.Run("evaluate", run.Checkpoint, "--data", run.Data, "--json");

        Assert.True(evaluate.ExitCode == 0, evaluate.Output);
        Assert.DoesNotContain("checksums", evaluate.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A damaged copy of the run's checkpoint, and the start of the message that must refuse it.</summary>
    private (string Path, string Expected) Damaged(string damage)
    {
        var file = File.ReadAllBytes(run.Checkpoint);
        var (manifest, weights, optimizerState) = CheckpointBytes.Sections(file);
        var middle = damage.EndsWith("weights", StringComparison.Ordinal) ? weights.Offset + (weights.Length / 2) : file.Length / 2;
        var bytes = damage.StartsWith("64 bytes", StringComparison.Ordinal)
            ? CheckpointBytes.Flip(file, middle - 32, 64)
            : CheckpointBytes.FlipBit(file, middle, 3);
        var (name, section) = new[] { ("manifest", manifest), ("weights", weights), ("optimizer state", optimizerState) }
            .Single(s => s.Item2.Offset <= middle && middle < s.Item2.End);

        var path = Path.Combine(run.Folder("damaged-" + damage.Replace(' ', '-')), "lr.ckpt");
        File.WriteAllBytes(path, bytes);
        return (path, $"'{path}' is damaged: its {name} section ({section.Length} bytes from offset {section.Offset}) does not match its CRC-32C checksum at offset {section.End}");
    }
}
