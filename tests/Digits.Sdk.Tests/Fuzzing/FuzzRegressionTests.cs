using Digits.Sdk.Fuzzing;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Fuzzing;

/// <summary>
/// The fuzz targets run without afl over the committed seed corpus and over every crash the campaign found and we
/// fixed (tests/Digits.Sdk.Fuzzing/crashes-fixed/&lt;target&gt;/), so a fixed crash stays fixed.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Harness = Path.Combine(BuildEnvironment.RepositoryRoot, "tests", "Digits.Sdk.Fuzzing");

    public static TheoryData<string, string> SeedFiles() => Files("corpus");

    public static TheoryData<string, string> FixedCrashes() => Files("crashes-fixed");

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_seed_is_a_valid_input_its_parser_accepts(string target, string file)
    {
        var refusal = FuzzTargets.Named(target).Execute(File.ReadAllBytes(Path.Combine(Harness, "corpus", target, file)));

        Assert.Null(refusal);
    }

    [Theory]
    [MemberData(nameof(FixedCrashes))]
    public void A_crash_the_fuzzer_found_is_now_a_documented_refusal(string target, string file)
    {
        var refusal = FuzzTargets.Named(target).Execute(File.ReadAllBytes(Path.Combine(Harness, "crashes-fixed", target, file)));

        // Each of these inputs is damaged: the parser must say so in its documented way, not crash and not accept it.
        Assert.NotNull(refusal);
    }

    [Fact]
    public void The_exported_seed_model_is_accepted_by_the_metadata_target()
    {
        using var folder = new TemporaryFolder();
        Seeds.Write("onnx-metadata", folder.Path);

        var target = FuzzTargets.Named("onnx-metadata");
        var seeds = Directory.GetFiles(folder.Path);
        Assert.NotEmpty(seeds);
        Assert.All(seeds, seed => Assert.Null(target.Execute(File.ReadAllBytes(seed))));
    }

    [Fact]
    public void Every_target_has_committed_seeds_or_makes_them()
    {
        foreach (var target in FuzzTargets.All)
        {
            var folder = Path.Combine(Harness, "corpus", target.Name);
            Assert.True(
                (Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any()) || target.Name == "onnx-metadata",
                $"The {target.Name} target has no seeds under {folder}.");
        }
    }

    private static TheoryData<string, string> Files(string kind)
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All)
        {
            var folder = Path.Combine(Harness, kind, target.Name);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder).Order())
            {
                data.Add(target.Name, Path.GetFileName(file));
            }
        }

        return data;
    }
}
