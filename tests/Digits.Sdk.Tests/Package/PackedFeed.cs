using System.IO.Compression;
using System.Xml.Linq;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Package;

/// <summary>
/// Both packages, packed from this build into a local feed under one version no other run uses. They go together
/// because Digits.Sdk depends on Digits.Sdk.Inference of its own version: a feed with only one of them cannot restore.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>Dependencies first, as a reader of the feed would meet them.</summary>
    private static readonly string[] Projects = ["Digits.Sdk.Inference", "Digits.Sdk"];
    private static int packings;
    private readonly TemporaryFolder folder = new("digits-feed");

    public PackedFeed()
    {
        // A fresh version each time: NuGet caches packages by id and version, so reusing one would test a stale package.
        // MinVer computes the version from git, so the override is MinVer's own (a plain -p:Version is not used for packages).
        Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}.{Interlocked.Increment(ref packings)}";
        Feed = folder.Path;
        foreach (var id in Projects)
        {
            var project = Path.Combine(BuildEnvironment.RepositoryRoot, "src", id, $"{id}.csproj");
            var pack = ProcessRunner.Dotnet(
                BuildEnvironment.RepositoryRoot,
                TimeSpan.FromMinutes(8),
                "pack", project, "-c", BuildEnvironment.Configuration, "--no-build", "-o", Feed, $"-p:MinVerVersionOverride={Version}", "-p:IncludeSymbols=false");
            Assert.True(pack.ExitCode == 0, $"dotnet pack {id} failed:\n{pack.Output}");
        }
    }

    public string Version { get; }

    /// <summary>
    /// Packs the <c>digits</c> tool into <paramref name="feed"/> as <c>dotnet pack src/Digits.Cli -c Release -o FEED</c>
    /// does, but for <paramref name="runtimeIdentifier"/> alone: the small Digits.Cli package that names the platform
    /// packages, and that platform's. Unlike the libraries it is built (a platform's package is published for it), at
    /// the version git gives this commit, which the build of the tests already has, so nothing they run is rebuilt.
    /// </summary>
    /// <returns>The version of the packages.</returns>
    public static string PackTool(string feed, string runtimeIdentifier)
    {
        var project = Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Cli", "Digits.Cli.csproj");
        var pack = ProcessRunner.Dotnet(
            BuildEnvironment.RepositoryRoot,
            TimeSpan.FromMinutes(15),
            "pack", project, "-c", BuildEnvironment.Configuration, "-o", feed, $"-p:ToolPackageRuntimeIdentifiers={runtimeIdentifier}", "-p:IncludeSymbols=false");
        Assert.True(pack.ExitCode == 0, $"dotnet pack Digits.Cli failed:\n{pack.Output}");
        var pointer = Directory.GetFiles(feed, "Digits.Cli.*.nupkg").Select(Path.GetFileName).Single(name => !name!.StartsWith("Digits.Cli." + runtimeIdentifier + ".", StringComparison.Ordinal))!;
        return pointer["Digits.Cli.".Length..^".nupkg".Length];
    }

    public string Feed { get; }

    /// <summary>The <c>.nupkg</c> of one of the packages.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The packages one of the packages depends on, by id, with the versions its nuspec names.</summary>
    public IReadOnlyDictionary<string, string> Dependencies(string id)
    {
        using var archive = ZipFile.OpenRead(PackagePath(id));
        using var nuspec = archive.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
    }

    /// <summary>A <c>nuget.config</c> that adds this feed to the sources the machine already has.</summary>
    public string NuGetConfig => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="digits-under-test" value="{Feed}" />
          </packageSources>
        </configuration>
        """;

    public void Dispose()
    {
        folder.Dispose();
        // Keep the machine's packages folder from filling with one-off test versions.
        foreach (var id in Projects)
        {
            var cached = Path.Combine(BuildEnvironment.NuGetPackageRoot, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }
}
