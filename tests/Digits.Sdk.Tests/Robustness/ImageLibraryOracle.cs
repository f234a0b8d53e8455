using System.Text.Json;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Robustness;

/// <summary>
/// Runs oracles/corruption_oracle.py, which computes a corruption's reference with scikit-image and scipy (the
/// libraries MNIST-C was made with).
/// </summary>
internal static class ImageLibraryOracle
{
    private static readonly PythonOracle Oracle = new("skimage, scipy, numpy", "Install them with 'apt-get install -y python3-skimage python3-scipy python3-numpy'");

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
        var answer = Oracle.Run(Path.Combine("Robustness", "oracles", "corruption_oracle.py"), request);
        return [.. answer.GetProperty("image").EnumerateArray().Select(v => (float)v.GetDouble())];
    }
}
