using System.Reflection;

namespace Digits.Sdk.Tests.Infrastructure;

/// <summary>Facts about the build that produced the tests: where the repository and the NuGet packages are.</summary>
internal static class BuildEnvironment
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string NuGetPackageRoot => Metadata("NuGetPackageRoot");

    /// <summary>The configuration the tests were built in; the package is packed from the same build.</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>The libLibTorchSharp.so exactly as the TorchSharp package ships it (never patched: builds patch only their copies).</summary>
    public static string PristineLibTorchSharp => Path.Combine(NuGetPackageRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string Metadata(string key) =>
        typeof(BuildEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
