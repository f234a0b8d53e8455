namespace Digits.Sdk.Generators;

/// <summary>Names of the pipeline stages, so tests can check that each stage reuses its cached output.</summary>
internal static class TrackingNames
{
    /// <summary>Classes with <c>[Network]</c>, parsed into <c>NetworkDeclaration</c>s.</summary>
    public const string Declarations = nameof(Declarations);

    /// <summary>Declarations after shape inference.</summary>
    public const string Analyses = nameof(Analyses);

    /// <summary>The networks without errors, ready to emit.</summary>
    public const string Networks = nameof(Networks);

    /// <summary>The networks with errors, which get throwing members so that the diagnostics are the only errors.</summary>
    public const string Placeholders = nameof(Placeholders);

    /// <summary>The diagnostics, reported on their own output.</summary>
    public const string Diagnostics = nameof(Diagnostics);
}
