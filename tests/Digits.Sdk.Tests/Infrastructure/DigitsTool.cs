namespace Digits.Sdk.Tests.Infrastructure;

/// <summary>Runs the built <c>digits</c> tool as a separate process, the way a user runs it.</summary>
internal static class DigitsTool
{
    public static string Assembly => Path.Combine(BuildEnvironment.RepositoryRoot, "src", "Digits.Cli", "bin", BuildEnvironment.Configuration, "net10.0", "digits.dll");

    public static ProcessRunner.Result Run(params string[] arguments) => Run(TimeSpan.FromMinutes(5), arguments);

    public static ProcessRunner.Result Run(TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Assembly, .. arguments], BuildEnvironment.RepositoryRoot, timeout, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["COLUMNS"] = "120" });
}
