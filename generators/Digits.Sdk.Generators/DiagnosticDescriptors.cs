using Microsoft.CodeAnalysis;

namespace Digits.Sdk.Generators;

/// <summary>
/// Every diagnostic the generator reports. IDs are stable and listed in <c>AnalyzerReleases.*.md</c>;
/// each links to its section of the diagnostics article.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Digits.Sdk.Networks";

    private const string HelpBase = "https://digits-sdk.github.io/docs/articles/diagnostics.html#";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "DGT001",
        "Network class must be partial",
        "The network '{0}' must be declared partial so that the generator can add its layers");

    public static readonly DiagnosticDescriptor NoLayers = Create(
        "DGT002",
        "Network has no layers",
        "The network '{0}' declares no layers; put layer attributes such as [Flatten, Linear(10)] on the class, in forward order");

    public static readonly DiagnosticDescriptor UnsupportedDeclaration = Create(
        "DGT003",
        "Network declaration is not supported",
        "The network '{0}' cannot be generated because {1}");

    public static readonly DiagnosticDescriptor InvalidInputShape = Create(
        "DGT004",
        "Invalid input shape",
        "The InputShape of network '{0}' {1}; give one or more positive dimensions, e.g. InputShape = new[] {{ 1, 28, 28 }}");

    public static readonly DiagnosticDescriptor InvalidClasses = Create(
        "DGT005",
        "Invalid class count",
        "The Classes of network '{0}' {1}; give the number of classes, at least 1, e.g. Classes = 10");

    public static readonly DiagnosticDescriptor InvalidLayerArgument = Create(
        "DGT006",
        "Invalid layer argument",
        "{0} '{1}': {2}");

    public static readonly DiagnosticDescriptor WrongInputRank = Create(
        "DGT007",
        "Layer receives a tensor of the wrong rank",
        "{0} '{1}' expects {2} per sample but receives {3}; {4}");

    public static readonly DiagnosticDescriptor EmptyOutput = Create(
        "DGT008",
        "Layer output is empty",
        "{0} '{1}' turns {2} into {3}, which has no elements; {4}");

    public static readonly DiagnosticDescriptor OutputMismatch = Create(
        "DGT009",
        "Network output does not match Classes",
        "The last layer of network '{0}' outputs {1} per sample, but Classes = {2}; end the network with a layer of width {2}, e.g. Linear({2})");

    public static readonly DiagnosticDescriptor LayerOnOtherDeclaration = Create(
        "DGT010",
        "Layer declared on another part of the network",
        "The layer attribute {0} is on another declaration of '{1}'; put every layer on the declaration that carries [Network], in forward order");

    private static DiagnosticDescriptor Create(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + id.ToLowerInvariant());
}
