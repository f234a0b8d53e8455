namespace Digits.Sdk.Generators.Model;

/// <summary>The result of shape inference on one declaration.</summary>
/// <param name="Network">The network to emit, or <see langword="null"/> when the declaration has errors.</param>
/// <param name="Placeholder">
/// When the declaration has errors, the throwing members to emit in its place; <see langword="null"/> when it has
/// none, or when the class cannot take generated members (see <see cref="NetworkDeclaration.Shell"/>).
/// </param>
/// <param name="Diagnostics">Everything wrong with the declaration, each pointing at the offending attribute.</param>
internal sealed record NetworkAnalysis(ResolvedNetwork? Network, NetworkPlaceholder? Placeholder, EquatableArray<DiagnosticInfo> Diagnostics);
