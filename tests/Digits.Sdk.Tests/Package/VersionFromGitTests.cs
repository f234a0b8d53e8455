using System.Diagnostics;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Package;

/// <summary>
/// Every build's version comes from git (MinVer, set up once in Directory.Build.props): a commit tagged <c>v0.2.0</c>
/// builds 0.2.0 and every other commit a prerelease of its own, so NuGet's package cache never hands one build's
/// package to another. The repository's own build files are tried in a throwaway git repository, whose history a test
/// can tag and cut short as a release or a CI clone would.
/// </summary>
public sealed class VersionFromGitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    [Trait("Category", "Slow")] // restores and evaluates a project in a new repository: about ten seconds
    public void A_commit_tagged_v0_2_0_builds_0_2_0_and_the_commits_after_it_prereleases_of_the_next_patch_counting_them()
    {
        using var repository = new BuildFilesRepository();
        repository.Commit("first");
        repository.Git("tag", "v0.2.0");

        Assert.Equal("0.2.0", repository.PackageVersion());

        repository.Commit("second");
        Assert.Equal("0.2.1-alpha.0.1", repository.PackageVersion());
        repository.Commit("third");
        Assert.Equal("0.2.1-alpha.0.2", repository.PackageVersion());
    }

    [Fact]
    [Trait("Category", "Slow")] // restores and evaluates a project in a new repository: about ten seconds
    public void A_tag_without_the_v_prefix_is_not_a_release()
    {
        using var repository = new BuildFilesRepository();
        repository.Commit("first");
        repository.Git("tag", "0.2.0");

        Assert.Equal("0.0.0-alpha.0", repository.PackageVersion());
    }

    [Fact]
    [Trait("Category", "Slow")] // restores and evaluates a project in a new repository: about ten seconds
    public void In_a_shallow_clone_each_commit_still_builds_its_own_version_which_names_the_commit()
    {
        using var repository = new BuildFilesRepository();
        repository.Commit("first");
        repository.Git("tag", "v0.2.0");
        repository.Commit("second");
        using var shallow = repository.ShallowClone();
        var before = shallow.PackageVersion();
        repository.Commit("third");
        using var later = repository.ShallowClone();

        // Without the history MinVer cannot count commits: both would be 0.0.0-alpha.0, so the commit tells them apart.
        Assert.Equal($"0.0.0-alpha.0.shallow.g{shallow.Git("rev-parse", "--short=12", "HEAD")}", before);
        Assert.Equal($"0.0.0-alpha.0.shallow.g{later.Git("rev-parse", "--short=12", "HEAD")}", later.PackageVersion());
        Assert.NotEqual(before, later.PackageVersion());
    }

    [Fact]
    public void The_tool_prints_the_version_git_gives_this_commit_and_its_assembly_names_the_commit()
    {
        var root = BuildEnvironment.RepositoryRoot;
        var expected = PackageVersion(root, Path.Combine(root, "src", "Digits.Cli", "Digits.Cli.csproj"));
        var commit = Run("git", root, "rev-parse", "HEAD");

        var printed = DigitsTool.Run("--version");

        // A tool built before the last commit prints that commit's version: the test then asks for a build, not a fix.
        Assert.Equal(0, printed.ExitCode);
        Assert.True(expected == printed.StandardOutput.Trim(), $"digits --version printed {printed.StandardOutput.Trim()}, but git gives this commit {expected}: was the tool built at another commit? Build again.");
        Assert.NotEqual("0.1.0", expected);
        Assert.Equal($"{expected}+{commit}", FileVersionInfo.GetVersionInfo(DigitsTool.Assembly).ProductVersion);
    }

    /// <summary>The package version MSBuild gives the restored <paramref name="project"/>, through the target a pack runs.</summary>
    private static string PackageVersion(string folder, string project)
        => Run("dotnet", folder, "msbuild", project, "-t:MinVer", "-getProperty:PackageVersion", "-nologo");

    private static string Run(string program, string folder, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments, folder, Timeout);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed with {result.ExitCode}:\n{result.Output}");
        return result.StandardOutput.Trim();
    }

    /// <summary>A git repository holding the repository's build files and one small packable project.</summary>
    private sealed class BuildFilesRepository : IDisposable
    {
        private static readonly string[] BuildFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config"];
        private readonly TemporaryFolder folder;
        private int commits;

        public BuildFilesRepository()
            : this(new TemporaryFolder("digits-version"))
        {
            foreach (var file in BuildFiles)
            {
                File.Copy(Path.Combine(BuildEnvironment.RepositoryRoot, file), folder.File(file));
            }

            // What the build files refer to: the local feed nuget.config names, and the targets Directory.Build.targets imports.
            Directory.CreateDirectory(folder.File(Path.Combine("artifacts", "packages")));
            var targets = folder.File(Path.Combine("src", "Digits.Sdk", "buildTransitive", "Digits.Sdk.targets"));
            Directory.CreateDirectory(Path.GetDirectoryName(targets)!);
            File.WriteAllText(targets, "<Project />");
            File.WriteAllText(folder.File(".gitignore"), "bin/\nobj/\n");
            Directory.CreateDirectory(folder.File("Probe"));
            File.WriteAllText(folder.File(Path.Combine("Probe", "Probe.csproj")), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <IsPackable>true</IsPackable>
                  </PropertyGroup>
                </Project>
                """);
            Git("init", "--quiet", "--initial-branch=main");
            Restore();
        }

        private BuildFilesRepository(TemporaryFolder folder) => this.folder = folder;

        public void Commit(string message)
        {
            File.WriteAllText(folder.File("commits.txt"), (++commits).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Git("add", "--all");
            Git("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "--quiet", "-m", message);
        }

        /// <summary>A clone of only the last commit, as <c>git clone --depth 1</c> (and many CI systems) make it.</summary>
        public BuildFilesRepository ShallowClone()
        {
            var clone = new TemporaryFolder("digits-version-shallow");
            Run("git", clone.Path, "clone", "--quiet", "--depth", "1", new Uri(folder.Path).AbsoluteUri, ".");
            var shallow = new BuildFilesRepository(clone);
            shallow.Restore();
            return shallow;
        }

        public string PackageVersion() => VersionFromGitTests.PackageVersion(folder.Path, Path.Combine(folder.Path, "Probe", "Probe.csproj"));

        private void Restore() => Run("dotnet", folder.Path, "restore", Path.Combine(folder.Path, "Probe", "Probe.csproj"), "-nologo");

        public string Git(params string[] arguments) => Run("git", folder.Path, arguments);

        public void Dispose() => folder.Dispose();
    }
}
