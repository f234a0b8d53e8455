using System.Runtime.InteropServices;

namespace Digits.Sdk.Native;

/// <summary>
/// Tunes glibc's allocator, which libtorch allocates every tensor with, for training loops.
/// </summary>
/// <remarks>
/// By default glibc serves large blocks (a batch's activations and gradients: megabytes each) with fresh
/// <c>mmap</c>s and gives them back with <c>munmap</c>, or trims the heap top after every big free. A training
/// step allocates and frees the same sizes hundreds of times per epoch, so every step paid for tens of
/// thousands of page faults that zero fresh pages: on the 2-core benchmark machine a third of the time went to
/// the kernel and one epoch ran about 4x slower than with the memory kept (see docs/benchmarks.md). Raising
/// the mmap and trim thresholds keeps those blocks in the heap for reuse, at the price of holding freed memory
/// up to <see cref="TrimThreshold"/>. It is process-wide and done once. It is skipped when the user already
/// set glibc's own variables (<c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>,
/// <c>GLIBC_TUNABLES</c>) or <c>DIGITS_MALLOC_TUNING=0</c>, and on other C libraries and platforms.
/// </remarks>
internal static class NativeAllocator
{
    /// <summary>Blocks below this come from the heap and are reused; above it (a whole data set) from mmap.</summary>
    internal const int MmapThreshold = 256 << 20;

    /// <summary>Free memory at the heap top is returned to the system only beyond this.</summary>
    internal const int TrimThreshold = 512 << 20;

    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;

    private static readonly Lazy<bool> Tuned = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the thresholds were raised in this process.</summary>
    internal static bool IsTuned => Tuned.Value;

    /// <summary>Raises glibc's thresholds once per process, unless the user chose otherwise.</summary>
    internal static void EnsureTuned() => _ = Tuned.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || UserChoseAllocatorSettings())
        {
            return false;
        }

        try
        {
            // mallopt returns 1 on success; musl and other C libraries without it throw or return 0.
            return Mallopt(MallocMmapThreshold, MmapThreshold) == 1 && Mallopt(MallocTrimThreshold, TrimThreshold) == 1;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static bool UserChoseAllocatorSettings()
        => Environment.GetEnvironmentVariable("DIGITS_MALLOC_TUNING") == "0"
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("malloc", StringComparison.Ordinal);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
