using Digits.Sdk.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Digits.Sdk.Generators.Tests;

public sealed class GeneratorLoadsTests
{
    [Fact]
    public void The_generator_runs_on_an_empty_compilation_and_reports_nothing()
    {
        var compilation = CSharpCompilation.Create("Empty", references: [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var driver = CSharpGeneratorDriver.Create(new NetworkGenerator()).RunGenerators(compilation);

        var result = driver.GetRunResult();

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, tree => tree.FilePath.EndsWith("DigitsSdkGeneratorInfo.g.cs", StringComparison.Ordinal));
    }
}
