using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Digits.Sdk.Generators.Tests.Infrastructure;

/// <summary>Runs the real generator through <see cref="CSharpGeneratorDriver"/> on real compilations.</summary>
internal static class GeneratorRun
{
    /// <summary>Parse options of a user project: latest C#, XML documentation checked (CS1591 and friends).</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>
    /// Everything this test process can load: the framework, TorchSharp and Digits.Sdk, as a user's project
    /// referencing the Digits.Sdk package would see them.
    /// </summary>
    public static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    public static CSharpCompilation Compilation(string assemblyName, params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"/src/{assemblyName}/File{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // As MSBuild does for every project: assembly version unification notes are not warnings there.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new NetworkGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; fails the test if the generator itself threw.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(CSharpCompilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (result, output);
    }

    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources) =>
        Run(Compilation("UserProject", sources));

    /// <summary>The one generated file of a run.</summary>
    public static string SingleSource(GeneratorRunResult result) =>
        Assert.Single(result.GeneratedSources).SourceText.ToString();
}
