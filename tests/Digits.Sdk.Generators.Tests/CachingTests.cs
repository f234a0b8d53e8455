using System.Reflection;
using Digits.Sdk.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// The generator must reuse its cached output when the user edits something unrelated: otherwise every
/// keystroke in the IDE would re-run shape inference and re-emit every network.
/// </summary>
public sealed class CachingTests
{
    private static readonly string[] TrackedSteps = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void An_edit_in_another_file_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorRun.Compilation("Cached", Networks.MnistCnn, Networks.EveryOption, DiagnosedNetwork, "class Unrelated { }");
        var driver = GeneratorRun.Driver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();

        var unrelated = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText("class Unrelated { int Edited() => 1; }", GeneratorRun.ParseOptions, unrelated.FilePath));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCached(second, TrackedSteps);
        Assert.Equal(
            first.GeneratedSources.Select(source => source.SourceText.ToString()),
            second.GeneratedSources.Select(source => source.SourceText.ToString()));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Moving_a_network_within_its_file_reuses_its_generated_source()
    {
        var compilation = GeneratorRun.Compilation("Moved", Networks.MnistCnn);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText("// A comment that shifts every line.\n" + Networks.MnistCnn, GeneratorRun.ParseOptions, tree.FilePath));
        var second = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The declaration holds locations, so it changes; what the emitter sees does not.
        Assert.Contains(second.TrackedSteps[TrackingNames.Declarations], step => step.Outputs.Any(output => output.Reason == IncrementalStepRunReason.Modified));
        AssertAllCached(second, TrackingNames.Networks);
    }

    [Fact]
    public void Moving_a_network_with_errors_within_its_file_reuses_its_placeholder()
    {
        var compilation = GeneratorRun.Compilation("MovedWrong", DiagnosedNetwork);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText("// A comment that shifts every line.\n" + DiagnosedNetwork, GeneratorRun.ParseOptions, tree.FilePath));
        var second = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The diagnostics move with the declaration; the placeholder holds only their IDs, so it stays cached.
        Assert.Contains(second.TrackedSteps[TrackingNames.Diagnostics], step => step.Outputs.Any(output => output.Reason == IncrementalStepRunReason.Modified));
        AssertAllCached(second, TrackingNames.Placeholders);
    }

    [Fact]
    public void Changing_a_layer_regenerates_the_network()
    {
        var compilation = GeneratorRun.Compilation("Changed", Networks.MnistCnn);
        var driver = GeneratorRun.Driver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var changed = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText(Networks.MnistCnn.Replace("Linear(128)", "Linear(256)"), GeneratorRun.ParseOptions, tree.FilePath));
        var second = driver.RunGenerators(changed).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps[TrackingNames.Networks], step => step.Outputs.Any(output => output.Reason == IncrementalStepRunReason.Modified));
        Assert.Contains("outputSize: 256", GeneratorRun.SingleSource(second));
    }

    private const string DiagnosedNetwork = """
        using Digits.Sdk.Modeling;

        /// <summary>Wrong on purpose, so the diagnostics step has something to cache.</summary>
        [Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
        [Flatten, Linear(5)]
        public partial class Wrong;
        """;

    private static void AssertAllCached(GeneratorRunResult result, params string[] stepNames)
    {
        foreach (var name in stepNames)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"The step {name} did not run.");
            foreach (var step in steps)
            {
                Assert.All(step.Outputs, output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{name} output was {output.Reason}"));
            }
        }
    }
}
