using System.Text.Json;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>
/// Runs oracles/sklearn_report.py with a Python that has scikit-learn. Debian's python3-sklearn installs into
/// /usr/bin/python3, which a pyenv or venv python3 earlier on PATH cannot see, so that interpreter is tried
/// first (after DIGITS_PYTHON). A missing scikit-learn fails the test: CI installs it, and an oracle test that
/// passes without its oracle would prove nothing.
/// </summary>
internal static class ScikitLearnOracle
{
    private static readonly Lazy<string> Python = new(FindPython);

    public static JsonElement Run(object input)
    {
        var inputPath = Path.Combine(Path.GetTempPath(), $"digits-oracle-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(inputPath, JsonSerializer.Serialize(input));
            var script = Path.Combine(AppContext.BaseDirectory, "Evaluation", "oracles", "sklearn_report.py");
            Assert.True(File.Exists(script), $"The oracle script {script} was not copied next to the tests.");
            var result = ProcessRunner.Run(Python.Value, [script, inputPath], AppContext.BaseDirectory, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, $"{script} failed with exit code {result.ExitCode}:\n{result.StandardError}");
            return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
        }
        finally
        {
            File.Delete(inputPath);
        }
    }

    private static string FindPython()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("DIGITS_PYTHON"), "/usr/bin/python3", "python3" }
            .Where(c => !string.IsNullOrEmpty(c))
            .Distinct()
            .Cast<string>()
            .ToArray();
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                var probe = ProcessRunner.Run(candidate, ["-c", "import sklearn, numpy"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
                if (probe.ExitCode == 0)
                {
                    return candidate;
                }

                tried.Add($"{candidate}: {probe.StandardError.Trim().Split('\n').LastOrDefault()}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                tried.Add($"{candidate}: {e.Message}");
            }
        }

        Assert.Fail(
            "The scikit-learn oracle needs python3 with scikit-learn. Install it with " +
            "'apt-get install -y python3-sklearn python3-numpy' (or point DIGITS_PYTHON at a python that has it). Tried:\n  " +
            string.Join("\n  ", tried));
        return null!;
    }
}
