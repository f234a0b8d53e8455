namespace Digits.Sdk.Tests.Infrastructure;

/// <summary>Runs the built <c>digits</c> tool as a separate process, the way a user runs it.</summary>
internal static class DigitsTool
{
    public static string Assembly => Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Cli", "bin", BuildEnvironment.Configuration, "net10.0", "digits.dll");

    public static ProcessRunner.Result Run(params string[] arguments) => Run(TimeSpan.FromMinutes(5), arguments);

    public static ProcessRunner.Result Run(TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Assembly, .. arguments], BuildEnvironment.RepositoryRoot, timeout, Environment);

    /// <summary>
    /// Runs the tool where <paramref name="folder"/> is read-only, as on a read-only mount: in a mount namespace of its
    /// own (unshare, as root), the folder is bind-mounted read-only over itself, for that process alone.
    /// </summary>
    public static ProcessRunner.Result RunWithReadOnly(string folder, params string[] arguments) =>
        ProcessRunner.Run(
            "unshare",
            ["--mount", "sh", "-c", "mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"", folder, "dotnet", Assembly, .. arguments],
            BuildEnvironment.RepositoryRoot,
            TimeSpan.FromMinutes(5),
            Environment);

    private static Dictionary<string, string?> Environment => new() { ["NO_COLOR"] = "1", ["COLUMNS"] = "120" };
}
