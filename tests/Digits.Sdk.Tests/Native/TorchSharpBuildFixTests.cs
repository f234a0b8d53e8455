using System.Text;
using Digits.Sdk.Native;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Native;

/// <summary>
/// Runs the package's build step (buildTransitive/Digits.Sdk.targets) through MSBuild itself, on an output
/// folder holding a pristine copy of libLibTorchSharp.so.
/// </summary>
public sealed class TorchSharpBuildFixTests
{
    private static readonly string Targets = Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Sdk", "buildTransitive", "Digits.Sdk.targets");

    [Fact]
    public void The_build_step_patches_the_output_copy_when_libstdcxx_is_too_old_and_keeps_its_timestamp()
    {
        using var folder = new TemporaryFolder();
        var copy = PlacePristineCopy(folder);
        var timestamp = File.GetLastWriteTimeUtc(copy);

        var result = RunBuildStep(folder, standardLibrary: OldStandardLibrary(folder));

        Assert.True(result.ExitCode == 0, result.Output);
        var requirement = ElfSymbolVersions.ReadRequirements(File.ReadAllBytes(copy), copy).Single(r => r.Version == "GLIBCXX_3.4.32");
        Assert.True(requirement.IsWeak);
        Assert.Equal(timestamp, File.GetLastWriteTimeUtc(copy));
        Assert.False(IsWeak(BuildEnvironment.PristineLibTorchSharp)); // the package's own file is untouched
        Assert.Empty(Directory.GetFiles(folder.Path, "*.digits-tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_build_step_is_idempotent()
    {
        using var folder = new TemporaryFolder();
        var copy = PlacePristineCopy(folder);
        RunBuildStep(folder, standardLibrary: OldStandardLibrary(folder));
        var afterFirst = File.ReadAllBytes(copy);

        var second = RunBuildStep(folder, standardLibrary: OldStandardLibrary(folder));

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(afterFirst, File.ReadAllBytes(copy));
        Assert.DoesNotContain("marked the GLIBCXX_3.4.32 requirement", second.Output);
    }

    [Fact]
    public void The_build_step_leaves_the_library_alone_when_libstdcxx_is_new_enough()
    {
        using var folder = new TemporaryFolder();
        var copy = PlacePristineCopy(folder);

        var result = RunBuildStep(folder, standardLibrary: NewStandardLibrary(folder));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(File.ReadAllBytes(BuildEnvironment.PristineLibTorchSharp), File.ReadAllBytes(copy));
    }

    private static bool IsWeak(string library) =>
        ElfSymbolVersions.ReadRequirements(File.ReadAllBytes(library), library).Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak;

    private static string PlacePristineCopy(TemporaryFolder folder)
    {
        var native = Path.Combine(folder.Path, "out", "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(native);
        var copy = Path.Combine(native, "libLibTorchSharp.so");
        File.Copy(BuildEnvironment.PristineLibTorchSharp, copy);
        File.SetLastWriteTimeUtc(copy, new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc));
        return copy;
    }

    /// <summary>This machine's libstdc++ (Debian 12: up to GLIBCXX_3.4.30), or a stand-in that lacks 3.4.32.</summary>
    private static string OldStandardLibrary(TemporaryFolder folder)
    {
        var path = ElfSymbolVersions.FindStandardLibrary(62)!;
        var versions = ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(path), path);
        Assert.DoesNotContain("GLIBCXX_3.4.32", versions); // the premise of this test on Debian 12
        return path;
    }

    /// <summary>
    /// A libstdc++ as GCC 13 would ship it, as far as version definitions go: this machine's, with the name of its
    /// newest version rewritten in the string table (same length), which is all the build step reads.
    /// </summary>
    private static string NewStandardLibrary(TemporaryFolder folder)
    {
        var bytes = File.ReadAllBytes(ElfSymbolVersions.FindStandardLibrary(62)!);
        var from = Encoding.ASCII.GetBytes("GLIBCXX_3.4.30\0");
        var to = Encoding.ASCII.GetBytes("GLIBCXX_3.4.32\0");
        var at = bytes.AsSpan().IndexOf(from);
        Assert.True(at >= 0);
        to.CopyTo(bytes, at);
        var path = folder.File("libstdc++.so.6");
        File.WriteAllBytes(path, bytes);
        Assert.Contains("GLIBCXX_3.4.32", ElfSymbolVersions.ReadDefinitions(bytes, path));
        return path;
    }

    private static ProcessRunner.Result RunBuildStep(TemporaryFolder folder, string standardLibrary)
    {
        var project = folder.File("step.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{Targets}" />
              <Target Name="CopyFilesToOutputDirectory" />
              <Target Name="Build" DependsOnTargets="CopyFilesToOutputDirectory" />
            </Project>
            """);
        return ProcessRunner.Dotnet(
            folder.Path,
            TimeSpan.FromMinutes(3),
            "msbuild", project, "-nologo", "-nodeReuse:false", "-v:n",
            $"-p:OutDir={Path.Combine(folder.Path, "out")}/",
            $"-p:DigitsSdkStandardLibraryPath={standardLibrary}");
    }
}
