namespace Digits.Sdk.Generators.Model;

/// <summary>
/// A network whose declaration has errors: the generator still gives it the members of a network (base class,
/// constructor, <c>forward</c>, <c>Architecture</c>), each throwing, so that code using the network compiles and
/// the DGT diagnostics are the only errors in the build. Like <see cref="ResolvedNetwork"/> it has no locations.
/// </summary>
/// <param name="Namespace">The containing namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="Shell">How the generated file re-opens the class.</param>
/// <param name="DiagnosticIds">The IDs of the declaration's diagnostics, each once, in the order reported.</param>
internal sealed record NetworkPlaceholder(string? Namespace, string Name, ClassShell Shell, EquatableArray<string> DiagnosticIds);
