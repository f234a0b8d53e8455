using System.Reflection;

namespace Digits.Sdk.Serving.Tests.TestSupport;

/// <summary>Where the repository and the real data sets are: <c>DIGITS_DATA</c>, else <c>&lt;repository&gt;/../shared/datasets</c>.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Datasets
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("DIGITS_DATA");
            return Path.GetFullPath(string.IsNullOrWhiteSpace(fromEnvironment) ? Path.Combine(Root, "..", "shared", "datasets") : fromEnvironment);
        }
    }
}
