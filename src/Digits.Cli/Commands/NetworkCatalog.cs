using Digits.Sdk.Models;

namespace Digits.Cli.Commands;

/// <summary>Finds the networks the SDK ships (the model zoo) by name, with an error that lists them.</summary>
internal static class NetworkCatalog
{
    public static ZooModel Find(string name)
        => ModelZoo.Find(name)
            ?? throw new CommandException($"'{name}' is not a network the SDK ships; choose one of: {string.Join(", ", ModelZoo.Names)}.");
}
