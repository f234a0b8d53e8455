namespace Digits.Sdk.Benchmarks;

/// <summary>
/// Digits.Sdk.Inference and Digits.Sdk packed from this build into a folder, under a version no other run uses, as the
/// package tests do (tests/Digits.Sdk.Tests/Package/PackedFeed.cs). Both go together: Digits.Sdk depends on
/// Digits.Sdk.Inference of its own version. Disposing removes the feed and that version from the NuGet cache.
/// </summary>
internal sealed class LocalPackageFeed : IDisposable
{
    /// <summary>Dependencies first, as a reader of the feed meets them.</summary>
    private static readonly string[] Projects = ["Digits.Sdk.Inference", "Digits.Sdk"];

    private LocalPackageFeed(string folder, string version)
    {
        Folder = folder;
        Version = version;
    }

    /// <summary>The folder that holds the <c>.nupkg</c> files.</summary>
    public string Folder { get; }

    /// <summary>The version both packages carry.</summary>
    public string Version { get; }

    /// <summary>A <c>nuget.config</c> that adds this feed to the sources the machine already has.</summary>
    public string NuGetConfig => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="digits-benchmark" value="{Folder}" />
          </packageSources>
        </configuration>
        """;

    /// <summary>
    /// Packs both packages from the build the benchmarks were built with (<c>--no-build</c>: the benchmark project
    /// references Digits.Sdk, so building it built both).
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>dotnet pack</c> failed; the message carries its output.</exception>
    public static LocalPackageFeed Pack(string folder)
    {
        // A fresh version each time: NuGet caches packages by id and version, so reusing one would publish a stale package.
        var version = $"0.0.0-bench.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var feed = new LocalPackageFeed(folder, version);
        foreach (var id in Projects)
        {
            var project = Path.Combine(BenchmarkEnvironment.RepositoryRoot, "src", id, $"{id}.csproj");
            var (code, output) = BenchmarkEnvironment.RunProcess(
                "dotnet",
                ["pack", project, "-c", BuildConfiguration, "--no-build", "-o", folder, $"-p:MinVerVersionOverride={version}", "-p:IncludeSymbols=false", "-nologo"]);
            if (code != 0)
            {
                feed.Dispose();
                throw new InvalidOperationException($"dotnet pack {id} failed (build the solution in {BuildConfiguration} first):\n{output}");
            }
        }

        return feed;
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        // Keep the machine's packages folder from filling with one-off benchmark versions.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Projects)
        {
            var cached = Path.Combine(packages, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    /// <summary>The configuration this benchmark assembly, and so the libraries beside it, were built in.</summary>
    private static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif
}
