using System.Diagnostics;
using System.Reflection;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Inference;

/// <summary>
/// Prediction must not load TorchSharp or libtorch. This test process loads both for other tests, so the
/// prediction runs in a child process (Digits.Sdk.InferenceProbe) that reports what it loaded.
/// </summary>
public sealed class TorchSharpIsolationTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    [Fact]
    public void Predicting_from_an_image_loads_neither_TorchSharp_nor_libtorch()
    {
        var image = Path.Combine(model.Directory, "probe.png");
        File.WriteAllBytes(image, DigitImages.Render(MnistSamples.TestSet.Images[0], SKEncodedImageFormat.Png, darkOnLight: true, 0));

        var output = RunProbe(model.Path, image);

        var assemblies = Lines(output, "assembly ");
        var natives = Lines(output, "native ");
        Assert.StartsWith("prediction ", output, StringComparison.Ordinal);
        // The listings are real: what prediction needs is in them.
        Assert.Contains("Microsoft.ML.OnnxRuntime", assemblies);
        Assert.Contains("SkiaSharp", assemblies);
        Assert.Contains(natives, library => library.StartsWith("libonnxruntime", StringComparison.Ordinal));
        Assert.DoesNotContain(assemblies, name => name.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(natives, library => library.Contains("torch", StringComparison.OrdinalIgnoreCase) || library.StartsWith("libc10", StringComparison.Ordinal));
    }

    [Fact]
    public void A_program_that_references_only_the_inference_library_gets_no_TorchSharp_in_its_output()
    {
        var folder = Path.GetDirectoryName(ProbePath)!;

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();

        Assert.Contains("Digits.Sdk.Inference.dll", files);
        Assert.DoesNotContain("Digits.Sdk.dll", files);
        Assert.DoesNotContain(files, file => file!.Contains("torch", StringComparison.OrdinalIgnoreCase) || file.StartsWith("libc10", StringComparison.Ordinal));
    }

    private static string[] Lines(string output, string prefix) =>
        output.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line[prefix.Length..].Trim()).ToArray();

    private static string ProbePath =>
        typeof(TorchSharpIsolationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "InferenceProbe").Value!;

    private static string RunProbe(params string[] arguments)
    {
        var probe = ProbePath;
        Assert.True(File.Exists(probe), $"The probe program was not built: {probe}");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(probe);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"The probe failed ({process.ExitCode}):\n{error}");
        return output.Result;
    }
}
