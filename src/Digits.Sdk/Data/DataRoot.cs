namespace Digits.Sdk.Data;

/// <summary>Where data sets live on this machine.</summary>
public static class DataRoot
{
    /// <summary>The environment variable that points the SDK at a folder of data sets.</summary>
    public const string EnvironmentVariable = "DIGITS_DATA";

    /// <summary>
    /// Resolves the data root: <paramref name="explicitRoot"/> if given, else the <c>DIGITS_DATA</c> environment
    /// variable, else the user's cache folder (<c>$XDG_CACHE_HOME/digits</c>, <c>~/.cache/digits</c>, or
    /// <c>%LOCALAPPDATA%\digits</c> on Windows).
    /// </summary>
    /// <param name="explicitRoot">A folder chosen by the caller, or <see langword="null"/>.</param>
    /// <returns>An absolute folder path (it may not exist yet).</returns>
    public static string Resolve(string? explicitRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return Path.GetFullPath(explicitRoot);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Path.Combine(CacheFolder(), "digits");
    }

    private static string CacheFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return xdg;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return OperatingSystem.IsMacOS() ? Path.Combine(home, "Library", "Caches") : Path.Combine(home, ".cache");
    }
}
