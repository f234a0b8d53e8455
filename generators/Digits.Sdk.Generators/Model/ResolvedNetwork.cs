namespace Digits.Sdk.Generators.Model;

/// <summary>
/// A network whose shapes all check: the emitter's only input. It carries no locations, so moving the
/// declaration in its file leaves it equal and the generated source is reused from the cache.
/// </summary>
/// <param name="Namespace">The containing namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="Input">The shape of one input sample.</param>
/// <param name="Classes">The number of classes.</param>
/// <param name="Layers">The layers in forward order.</param>
internal sealed record ResolvedNetwork(
    string? Namespace,
    string Name,
    EquatableArray<int> Input,
    int Classes,
    EquatableArray<ResolvedLayer> Layers);
