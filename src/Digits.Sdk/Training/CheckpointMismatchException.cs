namespace Digits.Sdk.Training;

/// <summary>A checkpoint was loaded into a network whose architecture differs from the one it was saved from.</summary>
public sealed class CheckpointMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names both networks.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="savedNetwork">The network the checkpoint was saved from.</param>
    /// <param name="savedHash">That network's architecture hash.</param>
    /// <param name="targetNetwork">The network it was loaded into.</param>
    /// <param name="targetHash">That network's architecture hash.</param>
    public CheckpointMismatchException(string path, string savedNetwork, string savedHash, string targetNetwork, string targetHash)
        : base($"The checkpoint '{path}' holds weights of network '{savedNetwork}' (architecture {Short(savedHash)}), which cannot be loaded into network '{targetNetwork}' (architecture {Short(targetHash)}). Load it into a '{savedNetwork}', or train '{targetNetwork}' from scratch.")
    {
        Path = path;
        SavedNetwork = savedNetwork;
        TargetNetwork = targetNetwork;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>The network the checkpoint was saved from.</summary>
    public string SavedNetwork { get; }

    /// <summary>The network it was loaded into.</summary>
    public string TargetNetwork { get; }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
