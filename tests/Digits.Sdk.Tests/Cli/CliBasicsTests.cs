using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Cli;

public sealed class CliBasicsTests
{
    [Fact]
    public void Version_prints_the_tools_version_and_exits_zero()
    {
        var result = DigitsTool.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StandardOutput.Trim());
    }

    [Fact]
    public void Help_names_the_tool_and_its_options()
    {
        var result = DigitsTool.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("digits", result.StandardOutput);
        Assert.Contains("USAGE", result.StandardOutput);
        Assert.Contains("--version", result.StandardOutput);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("train", "--help")]
    [InlineData("study", "show", "--help")]
    public void Every_help_page_names_the_verbose_switch_that_every_command_takes(params string[] help)
    {
        var result = DigitsTool.Run(help);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--verbose", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("stack trace", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_help_shows_its_default_address_in_one_piece()
    {
        var result = DigitsTool.Run("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("http://127.0.0.1:5000", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_verb_fails_with_a_non_zero_exit_code()
    {
        var result = DigitsTool.Run("frobnicate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("frobnicate", result.Output);
    }

    [Fact]
    public void A_damaged_checkpoint_is_one_line_naming_it_and_verbose_adds_the_stack_trace()
    {
        using var folder = new TemporaryFolder();
        var broken = folder.File("broken.ckpt");
        File.WriteAllText(broken, "not a checkpoint");

        var plain = DigitsTool.Run("evaluate", broken, "--data", folder.Path);
        var verbose = DigitsTool.Run("evaluate", broken, "--data", folder.Path, "--verbose");

        Assert.Contains("broken.ckpt", CliErrors.AssertOneLine(plain), StringComparison.Ordinal);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_verb_is_one_line_naming_it()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("frobnicate"));

        Assert.Contains("frobnicate", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_out_of_range_is_refused_in_one_line_before_any_work()
    {
        using var folder = new TemporaryFolder();

        var line = CliErrors.AssertOneLine(DigitsTool.Run("export", folder.File("lr.ckpt"), "--onnx", folder.File("lr.onnx"), "--opset", "12"));

        Assert.Contains("--opset 12", line, StringComparison.Ordinal);
        Assert.Contains("13 to 17", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_does_not_parse_is_refused_in_one_line()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--epochs", "many"));

        Assert.Contains("many", line, StringComparison.Ordinal);
    }
}
