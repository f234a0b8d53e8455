using Digits.Sdk.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// A mistake in a network's declaration is one error in the build, not one plus every use of the network that no
/// longer compiles: a declaration with errors still gets the members of a network (throwing), so the code that
/// news it, calls <c>forward</c>, reads <c>Architecture</c> and trains it compiles.
/// </summary>
public sealed class OneErrorPerMistakeTests
{
    /// <summary>For each DGT diagnostic: a declaration that has it, and how user code names the network's type.</summary>
    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "DGT001", "Whole", "[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]\n[Flatten, Linear(10)]\ninternal class Whole { }" },
        { "DGT002", "Empty", "[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]\ninternal partial class Empty;" },
        { "DGT003", "Outer.Inner", "internal static partial class Outer\n{\n    [Network(InputShape = new[] { 4 }, Classes = 2)]\n    [Linear(2)]\n    internal partial class Inner;\n}" },
        { "DGT003", "Generic<int>", "[Network(InputShape = new[] { 4 }, Classes = 2)]\n[Linear(2)]\ninternal partial class Generic<T> where T : struct;" },
        { "DGT004", "Flat", "[Network(InputShape = new[] { 1, 0, 28 }, Classes = 10)]\n[Flatten, Linear(10)]\ninternal partial class Flat;" },
        { "DGT005", "Classless", "[Network(InputShape = new[] { 1, 28, 28 })]\n[Flatten, Linear(10)]\ninternal partial class Classless;" },
        { "DGT006", "AllDropped", "[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]\n[Flatten, Dropout(1.0), Linear(10)]\ninternal partial class AllDropped;" },
        { "DGT007", "Normalised", "[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]\n[Conv2d(8, Kernel = 3), BatchNorm1d, ReLU, Flatten, Linear(10)]\ninternal partial class Normalised;" },
        { "DGT008", "Tiny", "[Network(InputShape = new[] { 1, 3, 3 }, Classes = 10)]\n[Conv2d(8, Kernel = 5), Flatten, Linear(10)]\ninternal partial class Tiny;" },
        { "DGT009", "Narrow", "[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]\n[Flatten, Linear(64), ReLU, Linear(5)]\ninternal partial class Narrow;" },
        { "DGT010", "Split", "[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]\n[Flatten, Linear(10)]\ninternal partial class Split;\n\n[ReLU]\ninternal partial class Split;" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_project_using_a_network_with_a_DGT_error_reports_that_error_only(string id, string network, string declaration)
    {
        var problems = Build(declaration, network);

        // CS0260 restates DGT001 on the same identifier: a class without 'partial' cannot take the generated part
        // without the compiler saying so too. The fix of both is the one word.
        var expected = id == "DGT001" ? ["DGT001", "CS0260"] : new[] { id };
        Assert.True(
            expected.Order().SequenceEqual(problems.Select(d => d.Id).Order()),
            $"Expected only {string.Join(" and ", expected)}, got:\n{string.Join("\n", problems.Select(d => d.ToString()))}");
        if (id == "DGT001")
        {
            Assert.Single(problems.Select(d => d.Location.SourceSpan).Distinct());
        }
    }

    [Fact]
    public void Without_the_placeholder_a_shape_mistake_would_bring_follow_on_errors()
    {
        // The control for the theory above: the same use of a class that is not a network fails in several places.
        var problems = Problems(GeneratorRun.Compilation("Control", Consumer("Tiny"), "internal partial class Tiny;").GetDiagnostics());

        Assert.True(problems.Length >= 3, string.Join("\n", problems.Select(d => d.ToString())));
    }

    [Fact]
    public void A_network_with_errors_throws_an_exception_naming_them_when_its_errors_are_silenced()
    {
        // A user who downgrades the DGT errors (.editorconfig) gets an assembly; the placeholder says what is wrong.
        var compilation = GeneratorRun.Compilation("Silenced", Usings + """
            [Network(InputShape = new[] { 1, 3, 3 }, Classes = 10)]
            [Conv2d(8, Kernel = 5), Flatten, Linear(10)]
            internal partial class Tiny;
            """);
        var (_, output) = GeneratorRun.Run(compilation);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        using var assembly = new MemoryStream();
        Assert.True(output.Emit(assembly).Success);
        var type = System.Reflection.Assembly.Load(assembly.ToArray()).GetType("Tiny")!;

        var construction = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(type));
        var error = Assert.IsType<InvalidOperationException>(construction.InnerException);
        Assert.Equal("The network 'Tiny' was not generated because its declaration has errors (DGT008). Fix the errors the build reports on its declaration, then rebuild.", error.Message);

        var architecture = Assert.Throws<System.Reflection.TargetInvocationException>(() => type.GetProperty("Architecture")!.GetValue(null));
        Assert.Equal(error.Message, Assert.IsType<InvalidOperationException>(architecture.InnerException).Message);
    }

    [Theory]
    [InlineData("internal static partial class Static;", "it is static")]
    [InlineData("internal class Base { }\n\n[Network(InputShape = new[] { 4 }, Classes = 2)]\n[Linear(2)]\ninternal partial class Derived : Base;", "it derives from 'Base'")]
    [InlineData("internal class Outer\n{\n    [Network(InputShape = new[] { 4 }, Classes = 2)]\n    [Linear(2)]\n    internal partial class Inner;\n}", "it is nested")]
    public void A_class_that_cannot_become_a_module_gets_no_generated_part(string declaration, string reason)
    {
        // A part deriving from Module<Tensor, Tensor> would itself be an error there (CS0713, CS0263, CS0260).
        var source = declaration.StartsWith("internal static", StringComparison.Ordinal)
            ? "[Network(InputShape = new[] { 4 }, Classes = 2)]\n[Linear(2)]\n" + declaration
            : declaration;
        var (result, output) = GeneratorRun.Run(Usings + source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DGT003", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedSources);
        Assert.Equal(["DGT003"], Problems(result.Diagnostics.Concat(output.GetDiagnostics())).Select(d => d.Id));
    }

    private const string Usings = "using Digits.Sdk.Modeling;\n";

    /// <summary>User code that uses the network every way the SDK's own entry points and samples do.</summary>
    private static string Consumer(string network) => $$"""
        using Digits.Sdk.Modeling;
        using Digits.Sdk.Training;
        using TorchSharp;
        using static TorchSharp.torch;

        internal static class Consumer
        {
            public static Tensor Use(Tensor batch)
            {
                using var network = new {{network}}();
                NetworkArchitecture declared = {{network}}.Architecture;
                INetwork described = network;
                _ = described.Architecture.Summary() + declared.Name;
                _ = Trainer.For<{{network}}>();
                _ = Trainer.For(new {{network}}());
                Constrained<{{network}}>();
                network.eval();
                return network.forward(batch) + network.call(batch);
            }

            private static void Constrained<TNetwork>()
                where TNetwork : nn.Module<Tensor, Tensor>, INetwork, new()
            {
            }
        }
        """;

    /// <summary>Everything the build of the declaration and its consumer prints: errors and warnings, from the generator and the compiler.</summary>
    private static Diagnostic[] Build(string declaration, string network)
    {
        var (result, output) = GeneratorRun.Run(GeneratorRun.Compilation("Consumer", Usings + declaration, Consumer(network)));
        return Problems(result.Diagnostics.Concat(output.GetDiagnostics()));
    }

    private static Diagnostic[] Problems(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
}
