using Digits.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Digits.Sdk.Generators;

/// <summary>
/// Emits the TorchSharp module of every class declared with <c>[Network]</c> and layer attributes, and
/// reports declarations whose shapes do not check as <c>DGT</c> diagnostics. A declaration with errors still gets
/// the members of a network, each throwing, so that its <c>DGT</c> diagnostics are the only errors in the build.
/// </summary>
/// <remarks>
/// Stages: <see cref="Parser"/> (symbols to <c>Model/</c> values), <see cref="ShapeInference"/> (the checks),
/// <see cref="Emitter"/> (values to text). Diagnostics travel on their own output, so a change that only
/// moves a declaration (and so its diagnostics' locations) leaves the generated source cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TypeNames.NetworkAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (syntax, cancellationToken) => Parser.Parse(syntax, cancellationToken))
            .Where(static declaration => declaration is not null)
            .Select(static (declaration, _) => declaration!)
            .WithTrackingName(TrackingNames.Declarations);

        var analyses = declarations
            .Select(static (declaration, _) => ShapeInference.Analyze(declaration))
            .WithTrackingName(TrackingNames.Analyses);

        var networks = analyses
            .Where(static analysis => analysis.Network is not null)
            .Select(static (analysis, _) => analysis.Network!)
            .WithTrackingName(TrackingNames.Networks);

        var placeholders = analyses
            .Where(static analysis => analysis.Placeholder is not null)
            .Select(static (analysis, _) => analysis.Placeholder!)
            .WithTrackingName(TrackingNames.Placeholders);

        var diagnostics = analyses
            .Select(static (analysis, _) => analysis.Diagnostics)
            .Where(static diagnostics => diagnostics.Count > 0)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(networks, static (output, network) =>
            output.AddSource(Emitter.HintName(network), Emitter.Emit(network)));

        context.RegisterSourceOutput(placeholders, static (output, placeholder) =>
            output.AddSource(Emitter.HintName(placeholder), Emitter.Emit(placeholder)));

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }
}
