using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Cli;

/// <summary>What every failure the user can fix must look like from outside the tool.</summary>
internal static class CliErrors
{
    /// <summary>
    /// Asserts exit code 1, nothing on stdout and one line <c>digits: error: ...</c> on stderr with neither a stack
    /// trace nor a hint to run with <c>--verbose</c> (that hint marks a bug), and returns the line.
    /// </summary>
    public static string AssertOneLine(ProcessRunner.Result result)
    {
        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}:\n{result.Output}");
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("digits: error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("--verbose", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        return line;
    }
}
