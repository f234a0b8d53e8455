using Digits.Sdk.Fuzzing.Targets;

namespace Digits.Sdk.Fuzzing;

/// <summary>Every fuzz target by name: the one list fuzz.sh, CI's smoke run and the regression test share.</summary>
internal static class FuzzTargets
{
    /// <summary>The targets, in the order the docs' table lists them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new IdxTarget(),
        new IdxGzipTarget(),
        new CheckpointTarget(),
        new PictureTarget(),
        new OnnxMetadataTarget(),
    ];

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"There is no fuzz target '{name}'; the targets are {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));
}
