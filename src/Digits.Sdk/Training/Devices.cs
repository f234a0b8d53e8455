using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>The devices a network can train on.</summary>
public static class Devices
{
    /// <summary>The CPU, the default for training.</summary>
    public static Device Cpu => CPU;

    /// <summary>The best device this machine has: the first CUDA GPU when TorchSharp can use one, else the CPU.</summary>
    /// <returns>A CUDA device or the CPU.</returns>
    public static Device Best()
    {
        Native.TorchRuntime.EnsureAvailable();

        // is_available throws rather than answering false when the CUDA backend is not in the package (TorchSharp-cpu).
        try
        {
            return cuda.is_available() ? CUDA : CPU;
        }
        catch (Exception error) when (error is NotSupportedException or InvalidOperationException or DllNotFoundException or ExternalException)
        {
            return CPU;
        }
    }
}
