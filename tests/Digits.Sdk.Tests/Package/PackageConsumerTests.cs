using System.IO.Compression;
using System.Text.Json;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Package;

/// <summary>
/// Packs Digits.Sdk into a local feed and uses it the way a user does: a brand-new console project,
/// <c>dotnet add package Digits.Sdk</c>, build, run. On Debian 12 this only works if the package makes
/// TorchSharp's native library loadable by itself.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PackageConsumerTests : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private readonly PackedFeed sdk;

    public PackageConsumerTests(PackedFeed sdk) => this.sdk = sdk;

    [Fact]
    public void The_package_carries_the_library_its_docs_the_generator_and_the_build_logic()
    {
        using var package = ZipFile.OpenRead(sdk.PackagePath("Digits.Sdk"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/net10.0/Digits.Sdk.dll", entries);
        Assert.Contains("lib/net10.0/Digits.Sdk.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/Digits.Sdk.Generators.dll", entries);
        Assert.Contains("buildTransitive/Digits.Sdk.props", entries);
        Assert.Contains("buildTransitive/Digits.Sdk.targets", entries);
        Assert.Contains("buildTransitive/TorchSharpNativeFix.cs", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void The_package_depends_on_the_inference_package_of_exactly_its_own_version()
    {
        var dependencies = sdk.Dependencies("Digits.Sdk");

        // DigitClassifier and Prediction now come from there; Digits.Sdk's users must keep getting them, and from the
        // build Digits.Sdk was built against (it uses the inference package's internals): [v] is exactly v, not v or newer.
        Assert.Equal($"[{sdk.Version}]", dependencies["Digits.Sdk.Inference"]);
        Assert.Contains("TorchSharp-cpu", dependencies.Keys);
    }

    [Fact]
    public void A_new_console_project_that_adds_the_package_declares_a_network_builds_publishes_and_runs_it()
    {
        using var app = new TemporaryFolder("digits-consumer");
        Run(app.Path, "new", "console", "--framework", "net10.0", "--name", "Consumer", "--output", ".");
        File.WriteAllText(Path.Combine(app.Path, "nuget.config"), sdk.NuGetConfig);
        Run(app.Path, "add", "package", "Digits.Sdk", "--version", sdk.Version);
        File.WriteAllText(Path.Combine(app.Path, "Program.cs"), """
            using Digits.Sdk.Modeling;
            using static TorchSharp.torch;

            Digits.Sdk.Native.TorchRuntime.EnsureAvailable();
            using var image = arange(25, dtype: float32).reshape(1, 1, 5, 5);
            using var kernel = ones(1, 1, 3, 3, dtype: float32);
            using var result = nn.functional.conv2d(image, kernel);
            Console.WriteLine("conv2d " + string.Join(" ", result.data<float>().ToArray()));

            // A network declared with attributes: the package's generator writes the module.
            using var network = new TinyCnn();
            using var logits = network.forward(rand(3, 1, 28, 28));
            Console.WriteLine("logits " + string.Join("x", logits.shape) + " parameters " + TinyCnn.Architecture.ParameterCount);

            [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
            [Conv2d(4, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Flatten, Linear(10)]
            public partial class TinyCnn;
            """);

        Run(app.Path, "build", "-c", "Release");
        var run = Run(app.Path, "run", "-c", "Release", "--no-build");
        Run(app.Path, "publish", "-c", "Release", "-o", "published");
        var published = Run(app.Path, Path.Combine("published", "Consumer.dll"));

        // Sums of each 3x3 window of 0..24 laid out 5x5.
        const string expected = "conv2d 54 63 72 99 108 117 144 153 162";
        Assert.Contains(expected, run.StandardOutput);
        Assert.Contains(expected, published.StandardOutput);
        // conv: 4*1*3*3 + 4 = 40; linear: 4*14*14*10 + 10 = 7,850.
        Assert.Contains("logits 3x10 parameters 7890", run.StandardOutput);
        AssertNoFSharpCore(app.Path);
    }

    private static void AssertNoFSharpCore(string projectFolder)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectFolder, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(libraries, l => l.StartsWith("TorchSharp-cpu/", StringComparison.Ordinal));
        Assert.Contains(libraries, l => l.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("FSharp.Core/", StringComparison.OrdinalIgnoreCase));
    }

    private static ProcessRunner.Result Run(string folder, params string[] arguments)
    {
        var result = ProcessRunner.Dotnet(folder, BuildTimeout, arguments);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed with {result.ExitCode}:\n{result.Output}");
        return result;
    }
}
