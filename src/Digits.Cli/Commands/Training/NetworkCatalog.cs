using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using static TorchSharp.torch;

namespace Digits.Cli.Commands.Training;

/// <summary>The networks the SDK ships (declared networks in <c>Digits.Sdk.Models</c>), found by class name.</summary>
internal static class NetworkCatalog
{
    public static IReadOnlyList<Type> All { get; } = [.. typeof(LogisticRegression).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(LogisticRegression).Namespace && typeof(INetwork).IsAssignableFrom(t)
            && typeof(nn.Module<Tensor, Tensor>).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static Type Find(string name)
        => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new TrainingCommandException($"'{name}' is not a network the SDK ships; choose one of: {string.Join(", ", All.Select(t => t.Name))}.");

    public static nn.Module<Tensor, Tensor> Create(Type type) => (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
}
