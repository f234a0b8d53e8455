namespace Digits.Sdk.Tests;

/// <summary>
/// Finds the real data sets for tests: the <c>DIGITS_DATA</c> environment variable, else
/// <c>&lt;repository root&gt;/../shared/datasets</c>. Tests that need the data fail (rather than skip) when it is
/// missing, with a message that says where it was looked for.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The folder holding <c>mnist/</c> and <c>fashion-mnist/</c>.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The folder with MNIST's four gzip IDX files.</summary>
    public static string Mnist => Folder("mnist");

    /// <summary>The folder with Fashion-MNIST's four gzip IDX files.</summary>
    public static string FashionMnist => Folder("fashion-mnist");

    /// <summary>The repository root, as recorded by the build of the tests.</summary>
    public static string RepositoryRoot => Infrastructure.BuildEnvironment.RepositoryRoot;

    /// <summary>A file in a data-set folder, e.g. <c>TestData.PathOf("mnist", "t10k-labels-idx1-ubyte.gz")</c>.</summary>
    public static string PathOf(string dataset, string fileName) => Path.Combine(Folder(dataset), fileName);

    private static string Folder(string name)
    {
        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"The test data '{folder}' is missing. Set DIGITS_DATA to a folder holding '{name}/', or put the shared data sets at <repo>/../shared/datasets.");
        }

        return folder;
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DIGITS_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets"));
    }
}
