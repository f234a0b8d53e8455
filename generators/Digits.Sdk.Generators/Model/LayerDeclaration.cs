namespace Digits.Sdk.Generators.Model;

/// <summary>One layer attribute as written, in forward order.</summary>
/// <param name="Kind">The layer kind.</param>
/// <param name="Settings">The attribute's arguments.</param>
/// <param name="Location">The attribute, where diagnostics about this layer point.</param>
internal sealed record LayerDeclaration(LayerKind Kind, LayerSettings Settings, LocationInfo? Location);
