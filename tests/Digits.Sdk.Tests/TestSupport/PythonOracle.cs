using System.Text.Json;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// Runs an oracle script of the tests (a reference computation in a Python library) with a Python that has its
/// libraries. Debian's packages install into /usr/bin/python3, which a pyenv or venv python3 earlier on PATH cannot
/// see, so that interpreter is tried first after DIGITS_PYTHON. A missing library fails the test: CI installs them,
/// and an oracle test that passes without its oracle would prove nothing.
/// </summary>
/// <param name="imports">The modules the script needs, as an import list (<c>sklearn, numpy</c>).</param>
/// <param name="install">What to install when they are missing, in the user's words.</param>
internal sealed class PythonOracle(string imports, string install)
{
    private readonly Lazy<string> python = new(() => Find(imports, install));

    /// <summary>Runs the script (a path below the test binaries) on <paramref name="input"/> written as JSON, and returns its JSON answer.</summary>
    public JsonElement Run(string script, object input)
    {
        var inputPath = Path.Combine(Path.GetTempPath(), $"digits-oracle-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(inputPath, JsonSerializer.Serialize(input));
            var path = Path.Combine(AppContext.BaseDirectory, script);
            Assert.True(File.Exists(path), $"The oracle script {path} was not copied next to the tests.");
            var result = ProcessRunner.Run(python.Value, [path, inputPath], AppContext.BaseDirectory, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, $"{path} failed with exit code {result.ExitCode}:\n{result.StandardError}");
            return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
        }
        finally
        {
            File.Delete(inputPath);
        }
    }

    private static string Find(string imports, string install)
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
                var probe = ProcessRunner.Run(candidate, ["-c", $"import {imports}"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
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

        Assert.Fail($"The oracle needs python3 with {imports}. {install} (or point DIGITS_PYTHON at a python that has them). Tried:\n  {string.Join("\n  ", tried)}");
        return null!;
    }
}
