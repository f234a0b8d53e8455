using Digits.Cli;
using Digits.Sdk.Data;
using Digits.Sdk.Native;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Cli;

/// <summary>
/// The tool's one error handler, called directly: the process tests show its output for failures a command line
/// can provoke (Spectre's parse errors among them, whose constructors are internal); these show how it sorts every
/// kind of exception, bugs included, which no honest command line throws.
/// </summary>
public sealed class ErrorBoundaryTests
{
    public static TheoryData<Exception> FailuresTheUserCanFix => new()
    {
        new CommandException("The checkpoint 'a.ckpt' does not exist."),
        new IdxFormatException("train-images-idx3-ubyte.gz", 16, "60000 images of 28x28 bytes", "1000 bytes", compressed: true),
        new DatasetNotFoundException("MNIST is missing t10k-labels-idx1-ubyte.gz; set DIGITS_DATA.", ["t10k-labels-idx1-ubyte.gz"]),
        new DatasetChecksumException("train-labels-idx1-ubyte.gz", "SHA-256", "abc", "def"),
        new CheckpointMismatchException("lr.ckpt", "LogisticRegression", "1234", "LeNet5", "5678"),
        new ResumeMismatchException("last.ckpt", "The checkpoint 'last.ckpt' was trained with SGD, but this run uses AdamW. Resume with the same optimizer."),
        new InvalidDataException("'broken.ckpt' is not a checkpoint."),
        new FileNotFoundException("'model.onnx' does not exist."),
        new DirectoryNotFoundException("'./nowhere' does not exist."),
        new EndOfStreamException("'lr.ckpt' ends early."),
        new IOException("The disk is full."),
        new UnauthorizedAccessException("Access to 'lr.onnx' is denied."),
        new TorchSharpUnavailableException("TorchSharp's native library cannot be loaded; install libgomp1.", null),
    };

    public static TheoryData<Exception> Bugs => new()
    {
        new NullReferenceException("Object reference not set to an instance of an object."),
        new ArgumentOutOfRangeException("validation", "must be less than 60000."),
        new InvalidOperationException("Sequence contains no elements"),
        new KeyNotFoundException("The given key 'FastCnn' was not present in the dictionary."),
        new FormatException("The input string 'fast' was not in a correct format."),
        new NotSupportedException("The network does not end with one score per class."),
    };

    [Theory]
    [MemberData(nameof(FailuresTheUserCanFix))]
    public void A_failure_the_user_can_fix_is_its_message_alone_and_exit_code_1(Exception error)
    {
        var (exit, text) = Report(error, verbose: false);

        Assert.Equal(1, exit);
        Assert.Equal("digits: error: " + error.Message.ReplaceLineEndings(" ").Trim(), Assert.Single(Lines(text)));
        Assert.DoesNotContain("--verbose", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void An_unexpected_exception_is_one_line_that_names_it_and_asks_for_verbose(Exception error)
    {
        var (exit, text) = Report(error, verbose: false);

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(text));
        Assert.StartsWith("digits: error: ", line, StringComparison.Ordinal);
        Assert.Contains(error.GetType().Name, line, StringComparison.Ordinal);
        Assert.Contains("run with --verbose", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_over_several_lines_is_printed_on_one()
    {
        var (_, text) = Report(new CommandException("first line\nsecond line\r\n"), verbose: false);

        Assert.Equal("digits: error: first line second line", Assert.Single(Lines(text)));
    }

    [Fact]
    public void Verbose_adds_the_type_and_the_stack_trace_whatever_the_error()
    {
        foreach (var error in new[] { Thrown(new InvalidDataException("not a checkpoint")), Thrown(new NullReferenceException()) })
        {
            var (exit, text) = Report(error, verbose: true);

            Assert.Equal(1, exit);
            Assert.StartsWith("digits: error: " + error.GetType().FullName, text, StringComparison.Ordinal);
            Assert.Contains("   at ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cancellation_exits_with_130_and_no_error()
    {
        foreach (var error in new OperationCanceledException[] { new(), new TaskCanceledException(), new TrainingCanceledException(null, new TrainingHistory([], null), CancellationToken.None) })
        {
            var (exit, text) = Report(error, verbose: false);

            Assert.Equal(130, exit);
            Assert.Equal("digits: stopped.", Assert.Single(Lines(text)));
        }
    }

    private static (int Exit, string Text) Report(Exception error, bool verbose)
    {
        using var stderr = new StringWriter();
        var exit = ErrorBoundary.Report(error, stderr, verbose);
        return (exit, stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Exception Thrown(Exception error)
    {
        try
        {
            throw error;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
