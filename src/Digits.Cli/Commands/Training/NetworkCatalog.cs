using Digits.Sdk.Models;

namespace Digits.Cli.Commands.Training;

/// <summary>Finds the networks the SDK ships (the model zoo) by name, with an error the tool can print.</summary>
internal static class NetworkCatalog
{
    public static ZooModel Find(string name)
        => ModelZoo.Find(name)
            ?? throw new TrainingCommandException($"'{name}' is not a network the SDK ships; choose one of: {string.Join(", ", ModelZoo.Names)}.");
}
