using System.Text.Json;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Robustness;

/// <summary>
/// Runs oracles/corruption_oracle.py, which computes a corruption's reference with scikit-image and scipy (the
/// libraries MNIST-C was made with). Debian's python3-skimage installs into /usr/bin/python3, so that interpreter is
/// tried first after DIGITS_PYTHON. A missing library fails the test: an oracle test that passes without its oracle
/// would prove nothing.
/// </summary>
internal static class ImageLibraryOracle
{
    private static readonly Lazy<string> Python = new(FindPython);

    /// <summary>The oracle's image (0..1 floats, row-major) for <paramref name="operation"/> on <paramref name="image"/>, with extra request fields.</summary>
    public static float[] Run(string operation, byte[] image, int height, int width, IReadOnlyDictionary<string, object>? parameters = null)
    {
        var request = new Dictionary<string, object>(parameters ?? new Dictionary<string, object>())
        {
            ["operation"] = operation,
            ["height"] = height,
            ["width"] = width,
            ["image"] = image.Select(b => (int)b).ToArray(),
        };
        var inputPath = Path.Combine(Path.GetTempPath(), $"digits-corruption-oracle-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(inputPath, JsonSerializer.Serialize(request));
            var script = Path.Combine(AppContext.BaseDirectory, "Robustness", "oracles", "corruption_oracle.py");
            Assert.True(File.Exists(script), $"The oracle script {script} was not copied next to the tests.");
            var result = ProcessRunner.Run(Python.Value, [script, inputPath], AppContext.BaseDirectory, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, $"{script} failed with exit code {result.ExitCode}:\n{result.StandardError}");
            using var document = JsonDocument.Parse(result.StandardOutput);
            return [.. document.RootElement.GetProperty("image").EnumerateArray().Select(v => (float)v.GetDouble())];
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
                var probe = ProcessRunner.Run(candidate, ["-c", "import skimage, scipy, numpy"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
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
            "The corruption oracle needs python3 with scikit-image and scipy. Install them with " +
            "'apt-get install -y python3-skimage python3-scipy python3-numpy' (or point DIGITS_PYTHON at a python that has them). Tried:\n  " +
            string.Join("\n  ", tried));
        return null!;
    }
}
