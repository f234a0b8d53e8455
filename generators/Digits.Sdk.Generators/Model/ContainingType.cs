namespace Digits.Sdk.Generators.Model;

/// <summary>A partial type that a network class is nested in, as the generated file re-declares it.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or <c>record struct</c>.</param>
/// <param name="Name">The type's name.</param>
/// <param name="TypeParameters">The names of its type parameters, in order; empty when it is not generic.</param>
internal sealed record ContainingType(string Keyword, string Name, EquatableArray<string> TypeParameters);
