using System.IO.Compression;
using System.Text.Json;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Package;

/// <summary>
/// Uses Digits.Sdk.Inference the way an application that only reads digits does: a brand-new console project that
/// adds that package and nothing else, reads a PNG with the pretrained model and must get by without TorchSharp and
/// libtorch, neither in its output folder nor in its process.
/// </summary>
[Trait("Category", "Slow")]
public sealed class InferencePackageConsumerTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private const string PackageId = "Digits.Sdk.Inference";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public void The_inference_package_carries_the_library_and_its_docs_and_depends_only_on_ONNX_Runtime_and_SkiaSharp()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(PackageId));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/net10.0/Digits.Sdk.Inference.dll", entries);
        Assert.Contains("lib/net10.0/Digits.Sdk.Inference.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.Equal(
            ["Microsoft.ML.OnnxRuntime", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies"],
            feed.Dependencies(PackageId).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_new_console_app_on_the_inference_package_alone_reads_a_PNG_with_the_pretrained_model_without_TorchSharp()
    {
        using var app = new TemporaryFolder("digits-inference-consumer");
        using var cache = new TemporaryFolder("digits-nuget-packages");
        Run(app.Path, cache.Path, "new", "console", "--framework", "net10.0", "--name", "Reader", "--output", ".");

        // As the README says to add it from a local feed, on a NuGet cache of the app's own, so no package cached by
        // another build can stand in. --source replaces the sources, so it lists two, split by ';': the second gives
        // ONNX Runtime and SkiaSharp (the README names nuget.org, the test the machine's packages folder, which holds
        // the same packages and needs no download).
        Run(app.Path, cache.Path, "add", "package", PackageId, "--version", feed.Version, "--source", $"{feed.Feed};{BuildEnvironment.NuGetPackageRoot}");
        File.WriteAllText(Path.Combine(app.Path, "Program.cs"), """
            using Digits.Sdk.Inference;

            using var classifier = DigitClassifier.LoadPretrained();
            var prediction = classifier.PredictImage(args[0]);
            Console.WriteLine($"label {prediction.Label}");

            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                Console.WriteLine("assembly " + assembly.GetName().Name);
            }
            """);
        // The first test image, a clear "7", drawn dark on a light background and larger, as a user's picture is.
        var (images, labels) = MnistSamples.TestSet;
        var picture = Path.Combine(app.Path, "seven.png");
        File.WriteAllBytes(picture, DigitImages.Render(images[0], SKEncodedImageFormat.Png, darkOnLight: true, index: 0));

        Run(app.Path, cache.Path, "build", "-c", "Release");
        var run = Run(app.Path, cache.Path, "run", "-c", "Release", "--no-build", "--", picture);

        Assert.Equal(7, labels[0]);
        Assert.Contains("label 7", run.StandardOutput.Split('\n').Select(line => line.Trim()));
        var assemblies = run.StandardOutput.Split('\n').Where(l => l.StartsWith("assembly ", StringComparison.Ordinal)).Select(l => l["assembly ".Length..].Trim()).ToList();
        // The listing is real: what prediction needs is in it.
        Assert.Contains(PackageId, assemblies);
        Assert.Contains("Microsoft.ML.OnnxRuntime", assemblies);
        Assert.DoesNotContain(assemblies, name => name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));

        var output = Path.Combine(app.Path, "bin", "Release", "net10.0");
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains(files, file => file!.StartsWith("libonnxruntime", StringComparison.Ordinal));
        Assert.DoesNotContain(files, file => IsTorch(file!));
        AssertRestoredOnlyInferencePackages(app.Path);
        Assert.True(Directory.Exists(Path.Combine(cache.Path, PackageId.ToLowerInvariant(), feed.Version.ToLowerInvariant())), "The package was not restored into the app's own cache.");
    }

    private static bool IsTorch(string file) =>
        file.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || file.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
        || file.StartsWith("libLibTorchSharp", StringComparison.OrdinalIgnoreCase)
        || file.StartsWith("libc10", StringComparison.OrdinalIgnoreCase);

    private void AssertRestoredOnlyInferencePackages(string projectFolder)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectFolder, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains($"{PackageId}/{feed.Version}", libraries);
        Assert.Contains(libraries, l => l.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("FSharp.Core/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(libraries, l => l.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || l.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Digits.Sdk/", StringComparison.Ordinal));
    }

    private static ProcessRunner.Result Run(string folder, string nugetPackages, params string[] arguments)
    {
        var result = ProcessRunner.Run("dotnet", arguments, folder, BuildTimeout, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = nugetPackages });
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed with {result.ExitCode}:\n{result.Output}");
        return result;
    }
}
