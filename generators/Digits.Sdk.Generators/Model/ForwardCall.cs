namespace Digits.Sdk.Generators.Model;

/// <summary>One layer call in the generated <c>forward</c>.</summary>
/// <param name="Layer">The layer called.</param>
/// <param name="Output">The shape of one sample after the call, which differs from the layer's declared output when the call was moved.</param>
/// <param name="Note">Why the call is not where it was declared, or <see langword="null"/> when it is.</param>
internal sealed record ForwardCall(ResolvedLayer Layer, EquatableArray<int> Output, string? Note);
