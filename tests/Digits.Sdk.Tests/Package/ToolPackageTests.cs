using System.IO.Compression;
using System.Runtime.InteropServices;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using SkiaSharp;

namespace Digits.Sdk.Tests.Package;

/// <summary>
/// Installs the <c>digits</c> tool the way the README says to before it is published: packed into a local feed, then
/// <c>dotnet tool install --add-source</c>, on a NuGet cache of its own so nothing cached before can stand in for it.
/// The tool comes as one package per platform, and this machine's is the only one that is downloaded.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ToolPackageTests : IDisposable
{
    private readonly TemporaryFolder folder = new("digits-tool");

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_tool_installs_from_a_local_feed_on_a_clean_cache_with_only_this_platforms_package_and_runs()
    {
        var platform = RuntimeInformation.RuntimeIdentifier;
        var feed = Directory.CreateDirectory(folder.File("feed")).FullName;
        var version = PackedFeed.PackTool(feed, platform);
        var tools = folder.File("tools");
        var cache = folder.File("nuget-packages");

        var install = ProcessRunner.Run(
            "dotnet",
            ["tool", "install", "Digits.Cli", "--version", version, "--add-source", feed, "--tool-path", tools],
            folder.Path,
            TimeSpan.FromMinutes(10),
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = cache });
        Assert.True(install.ExitCode == 0, install.Output);

        // The small package names the platforms' packages; the platform's package carries this platform's natives only.
        Assert.True(new FileInfo(Path.Combine(feed, $"Digits.Cli.{version}.nupkg")).Length < 100_000);
        using (var package = ZipFile.OpenRead(Path.Combine(feed, $"Digits.Cli.{platform}.{version}.nupkg")))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(entries, e => e.EndsWith("/digits.dll", StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => e.EndsWith(".dylib", StringComparison.Ordinal) || e.EndsWith("onnxruntime.dll", StringComparison.Ordinal) || e.Contains("/runtimes/", StringComparison.Ordinal));
        }

        // What was installed: the small package and this platform's, no other platform's.
        var installed = Directory.GetDirectories(Path.Combine(tools, ".store", "digits.cli", version.ToLowerInvariant())).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["digits.cli", $"digits.cli.{platform}"], installed);

        var digits = Path.Combine(tools, "digits");
        var printed = ProcessRunner.Run(digits, ["--version"], folder.Path, TimeSpan.FromMinutes(1));
        Assert.Equal(version, printed.StandardOutput.Trim());

        var (images, labels) = MnistSamples.TestSet;
        var picture = folder.File("seven.png");
        File.WriteAllBytes(picture, DigitImages.Render(images[0], SKEncodedImageFormat.Png, darkOnLight: true, index: 0));
        var predicted = ProcessRunner.Run(digits, ["predict", "--pretrained", picture, "--json"], folder.Path, TimeSpan.FromMinutes(2));
        Assert.True(predicted.ExitCode == 0, predicted.Output);
        Assert.Equal(7, labels[0]);
        Assert.Contains("\"label\":7", predicted.StandardOutput, StringComparison.Ordinal);
    }
}
