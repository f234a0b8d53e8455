using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Digits.Sdk.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify's file conventions (Verify itself cannot be restored here):
/// <c>{TestClass}.{TestMethod}.verified.cs</c> next to the test file holds the accepted text. A mismatch
/// writes <c>.received.cs</c> beside it and fails with a diff; setting the environment variable
/// <c>DIGITS_ACCEPT_SNAPSHOTS=1</c> accepts the received text instead. The generator version is scrubbed.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "DIGITS_ACCEPT_SNAPSHOTS";

    public static void Verify(
        string actual,
        [CallerFilePath] string testFile = "",
        [CallerMemberName] string testMethod = "")
    {
        var directory = TestDirectory(testFile);
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}");
        var verifiedPath = stem + ".verified.cs";
        var receivedPath = stem + ".received.cs";
        var received = Scrub(actual);
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;

        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true")
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(verified is null
            ? $"No snapshot {verifiedPath}. Wrote {receivedPath}; review it, then rename it or run with {AcceptVariable}=1."
            : $"Snapshot {verifiedPath} differs; wrote {receivedPath}. Accept with {AcceptVariable}=1 if the change is intended.\n{Diff(verified, received)}");
    }

    /// <summary>Replaces what changes from build to build (the generator version) with a fixed token.</summary>
    public static string Scrub(string text) =>
        text.Replace("\r\n", "\n").Replace($"\"Digits.Sdk.Generators\", \"{GeneratorVersion.Value}\"", "\"Digits.Sdk.Generators\", \"{Version}\"");

    private static string TestDirectory(string testFile)
    {
        var directory = Path.GetDirectoryName(testFile)!;
        if (Directory.Exists(directory))
        {
            return directory;
        }

        // Deterministic CI builds map source paths (/_/tests/...); rebase onto the project directory.
        var project = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "ProjectDirectory").Value!;
        var marker = Path.GetFileName(project) + "/";
        var index = testFile.Replace('\\', '/').LastIndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? project : Path.GetDirectoryName(Path.Combine(project, testFile[(index + marker.Length)..]))!;
    }

    /// <summary>A line diff (longest common subsequence) of the changed regions, with line numbers.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var diff = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                diff.Append($"+{y + 1,4}: {b[y]}\n");
                y++;
            }
            else
            {
                diff.Append($"-{x + 1,4}: {a[x]}\n");
                x++;
            }
        }

        return diff.ToString();
    }
}
