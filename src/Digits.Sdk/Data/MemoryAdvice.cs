using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Digits.Sdk.Data;

/// <summary>
/// Asks Linux to back a large, freshly allocated tensor with transparent huge pages before it is first
/// written. Filling 188 MB of new float32 memory otherwise costs tens of thousands of page faults, which on a
/// busy machine took seconds; numpy gives its large arrays the same hint.
/// </summary>
internal static class MemoryAdvice
{
    private const int HugePage = 14; // MADV_HUGEPAGE
    private const long MinimumLength = 4L << 20;
    private static bool unavailable;

    /// <summary>A hint only: any failure (other OS, no libc, THP disabled) is ignored.</summary>
    public static void PreferHugePages(Span<byte> memory)
    {
        if (!OperatingSystem.IsLinux() || unavailable || memory.Length < MinimumLength)
        {
            return;
        }

        try
        {
            // madvise wants a page-aligned start; the whole pages around the span belong to the same allocation.
            var address = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref MemoryMarshal.GetReference(memory));
            var start = address & ~(nint)4095;
            _ = Madvise(start, (nuint)(address + memory.Length - start), HugePage);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
        }
    }

    // DllImport rather than LibraryImport: the arguments are blittable and the SDK compiles without /unsafe.
    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
