using System.ComponentModel;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Digits.Sdk.Native;

/// <summary>
/// Loads TorchSharp's native runtime once, and turns a failure into an explanation a user can act on.
/// </summary>
/// <remarks>
/// TorchSharp reports every native load failure as a missing reference to a libtorch package, even when the
/// real cause is a libstdc++ that is too old for its libLibTorchSharp.so (Debian 12, Ubuntu 22.04). The
/// SDK's entry points call <see cref="EnsureAvailable"/> first, so users get the real cause instead.
/// </remarks>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether TorchSharp's native runtime is loaded and usable in this process.</summary>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>Loads TorchSharp's native runtime, or explains why it cannot be loaded.</summary>
    /// <exception cref="TorchSharpUnavailableException">The native runtime cannot be loaded; the message says why and how to fix it.</exception>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// For generated code only: ensures TorchSharp is available and returns <paramref name="name"/>. Generated
    /// networks pass their module name through it to the TorchSharp base constructor, so the check runs before
    /// TorchSharp's own code does. Code written by hand calls <see cref="EnsureAvailable"/> instead.
    /// </summary>
    /// <param name="name">The module name.</param>
    /// <returns><paramref name="name"/>, unchanged.</returns>
    /// <exception cref="TorchSharpUnavailableException">The native runtime cannot be loaded.</exception>
    /// <remarks>
    /// Public because generated networks live in the user's assembly, but hidden from IntelliSense: it exists for
    /// the generator's constructor chaining and is no API to build on.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static string ModuleName(string name)
    {
        EnsureAvailable();
        return name;
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            NativeAllocator.EnsureTuned();
            return null;
        }
        catch (Exception error) when (error is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return new TorchSharpUnavailableException(Explain(AppContext.BaseDirectory), error);
        }
    }

    /// <summary>Says why TorchSharp's native library in <paramref name="applicationFolder"/> does not load here.</summary>
    internal static string Explain(string applicationFolder)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return "TorchSharp's native libraries could not be loaded. Make sure the application references the TorchSharp-cpu package (Digits.Sdk brings it) and that its runtimes folder was copied to the output.";
        }

        var library = Directory.Exists(applicationFolder)
            ? Directory.EnumerateFiles(applicationFolder, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (library is null)
        {
            return $"TorchSharp's native library libLibTorchSharp.so is not in {applicationFolder}. The application must reference the TorchSharp-cpu package (Digits.Sdk brings it) and be run from its build or publish output.";
        }

        try
        {
            var bytes = File.ReadAllBytes(library);
            var standardLibrary = ElfSymbolVersions.FindStandardLibrary(ElfSymbolVersions.ReadMachine(bytes, library));
            if (standardLibrary is null)
            {
                return $"{library} needs the GNU C++ runtime (libstdc++.so.6), and none was found. Install it (Debian/Ubuntu: apt-get install libstdc++6).";
            }

            var provided = ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(standardLibrary), standardLibrary);
            var missing = ElfSymbolVersions.ReadRequirements(bytes, library)
                .Where(r => r.Library == ElfSymbolVersions.StandardLibrary && !r.IsWeak && !provided.Contains(r.Version))
                .Select(r => r.Version)
                .ToList();
            if (missing.Count == 0)
            {
                return $"TorchSharp's native library {library} could not be loaded, although this machine's {standardLibrary} has every version it needs. Check that libtorch's libraries (libtorch_cpu.so) are beside it; the inner exception has TorchSharp's own message.";
            }

            var fixable = missing.Count == 1 && missing[0] == ElfSymbolVersions.WeakenableVersion;
            return $"TorchSharp's native library {library} needs {string.Join(", ", missing)} from libstdc++, but this machine's {standardLibrary} does not provide it (Debian 12 and Ubuntu 22.04 ship an older libstdc++). "
                + (fixable
                    ? "Digits.Sdk makes the library loadable when it builds your project: rebuild (dotnet build or dotnet publish) a project that references the Digits.Sdk package, and make sure DigitsSdkSkipTorchSharpFix is not set. Alternatively install libstdc++ from GCC 13 or later."
                    : "Install libstdc++ from GCC 13 or later, or run on a newer distribution.");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"TorchSharp's native library {library} could not be loaded, and it could not be inspected either: {error.Message}";
        }
    }
}
