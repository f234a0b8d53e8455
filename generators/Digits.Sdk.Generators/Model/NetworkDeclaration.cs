namespace Digits.Sdk.Generators.Model;

/// <summary>
/// A <c>[Network]</c> class as the parser read it, before shape inference.
/// </summary>
/// <remarks>
/// Like every type in <c>Model/</c>, this holds only values compared by equality: no <c>ISymbol</c>,
/// <c>SyntaxNode</c>, <c>Location</c> or <c>Compilation</c> (locations are kept as <see cref="LocationInfo"/>).
/// Holding any of those would keep old compilations alive and make every run look new, so the incremental
/// pipeline could never reuse its cached output. A test walks these types to keep it so.
/// </remarks>
/// <param name="Namespace">The containing namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="Location">The <c>[Network]</c> attribute.</param>
/// <param name="InputShape">The declared input shape, or <see langword="null"/> when not given.</param>
/// <param name="Classes">The declared class count, or <see langword="null"/> when not given.</param>
/// <param name="Layers">The layers in forward order.</param>
/// <param name="Diagnostics">Problems with the declaration itself (not partial, nested...).</param>
/// <param name="Shell">
/// How a generated file re-opens the class, or <see langword="null"/> when a generated part deriving from
/// <c>Module&lt;Tensor, Tensor&gt;</c> could not be added to it (a static class, another base class, a containing
/// type that is not partial): then a declaration with errors gets no generated part at all.
/// </param>
internal sealed record NetworkDeclaration(
    string? Namespace,
    string Name,
    LocationInfo? Location,
    EquatableArray<int>? InputShape,
    int? Classes,
    EquatableArray<LayerDeclaration> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    ClassShell? Shell);
