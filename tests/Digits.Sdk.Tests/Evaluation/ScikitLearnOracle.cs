using System.Text.Json;
using Digits.Sdk.Tests.TestSupport;

namespace Digits.Sdk.Tests.Evaluation;

/// <summary>Runs oracles/sklearn_report.py, scikit-learn's metrics for the predictions it is given.</summary>
internal static class ScikitLearnOracle
{
    private static readonly PythonOracle Oracle = new("sklearn, numpy", "Install them with 'apt-get install -y python3-sklearn python3-numpy'");

    public static JsonElement Run(object input) => Oracle.Run(Path.Combine("Evaluation", "oracles", "sklearn_report.py"), input);
}
