namespace Digits.Sdk.Generators.Model;

/// <summary>The result of shape inference on one declaration.</summary>
/// <param name="Network">The network to emit, or <see langword="null"/> when the declaration has errors.</param>
/// <param name="Diagnostics">Everything wrong with the declaration, each pointing at the offending attribute.</param>
internal sealed record NetworkAnalysis(ResolvedNetwork? Network, EquatableArray<DiagnosticInfo> Diagnostics);
