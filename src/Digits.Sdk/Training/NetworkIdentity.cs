using System.Security.Cryptography;
using System.Text;
using Digits.Sdk.Modeling;
using TorchSharp;

namespace Digits.Sdk.Training;

/// <summary>The name and architecture fingerprint of a module, as checkpoints record them.</summary>
internal static class NetworkIdentity
{
    public static string NameOf(torch.nn.Module module)
        => module is INetwork network ? network.Architecture.Name : module.GetType().Name;

    /// <summary>
    /// <see cref="NetworkArchitecture.Hash"/> for declared networks; for hand-written modules, a hash of every
    /// parameter and buffer name and shape, which differs whenever the weights could not be loaded.
    /// </summary>
    public static string HashOf(torch.nn.Module module)
    {
        if (module is INetwork network)
        {
            return network.Architecture.Hash;
        }

        var text = new StringBuilder("module");
        foreach (var (name, tensor) in module.state_dict())
        {
            text.Append('|').Append(name).Append(':').AppendJoin(',', tensor.shape);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
