using System.Reflection;

namespace Digits.Sdk.Generators;

/// <summary>The generator's version, stamped into every generated file's <c>[GeneratedCode]</c>.</summary>
internal static class GeneratorVersion
{
    /// <summary>The informational version without the source-revision suffix.</summary>
    public static readonly string Value = Read();

    private static string Read()
    {
        var version = typeof(GeneratorVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
