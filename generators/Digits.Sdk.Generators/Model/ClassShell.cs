namespace Digits.Sdk.Generators.Model;

/// <summary>
/// How a generated file re-opens the user's class: the types it is nested in and its type parameters. A network
/// that generates normally has neither (DGT003); a network with errors may, and still gets its members.
/// </summary>
/// <param name="ContainingTypes">The types the class is nested in, outermost first; each is partial.</param>
/// <param name="TypeParameters">The names of the class's type parameters, in order; empty when it is not generic.</param>
internal sealed record ClassShell(EquatableArray<ContainingType> ContainingTypes, EquatableArray<string> TypeParameters)
{
    /// <summary>The shell of a non-generic class declared at namespace level.</summary>
    public static ClassShell TopLevel { get; } = new(EquatableArray<ContainingType>.Empty, EquatableArray<string>.Empty);
}
