using System.Linq;
using Microsoft.CodeAnalysis;

namespace Digits.Sdk.Generators.Model;

/// <summary>A diagnostic to report, as values that can be compared and cached.</summary>
/// <param name="Descriptor">What is wrong (descriptors are singletons, compared by reference).</param>
/// <param name="Location">Where, or <see langword="null"/> for no location.</param>
/// <param name="MessageArguments">The values formatted into the descriptor's message.</param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArguments.Cast<object>().ToArray());
}
