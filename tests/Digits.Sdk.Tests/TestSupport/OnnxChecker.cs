using System.Diagnostics;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>Runs the ONNX project's own checker (Debian's python3-onnx) on a model file.</summary>
internal static class OnnxChecker
{
    private const string Script =
        "import sys, onnx\n"
        + "model = onnx.load(sys.argv[1])\n"
        + "onnx.checker.check_model(model, full_check=True)\n"
        + "print('ok', model.ir_version, model.opset_import[0].version)\n";

    /// <summary>Fails with the checker's own message unless <c>check_model(full_check=True)</c> accepts the file.</summary>
    public static void Check(string path)
    {
        // The Debian interpreter, not one on PATH (pyenv and virtualenvs do not see Debian's python3-onnx).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (error.Contains("No module named 'onnx'", StringComparison.Ordinal))
        {
            Assert.Fail("The ONNX checker is missing: install Debian's python3-onnx (apt-get install -y python3-onnx).");
        }

        Assert.True(process.ExitCode == 0, $"onnx.checker.check_model rejected '{path}':\n{error}");
        Assert.StartsWith("ok", output.Result, StringComparison.Ordinal);
    }
}
