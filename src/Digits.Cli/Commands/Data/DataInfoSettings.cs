using System.ComponentModel;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Data;

/// <summary>Arguments of <c>digits data info</c>.</summary>
public sealed class DataInfoSettings : CommandSettings
{
    /// <summary>A known data set's name (<c>mnist</c>, <c>fashion-mnist</c>, <c>kmnist</c>) or a folder of IDX files.</summary>
    [CommandArgument(0, "<folder-or-dataset>")]
    [Description("A known data set (mnist, fashion-mnist, kmnist) or a folder holding its IDX files")]
    public string Target { get; init; } = string.Empty;

    /// <summary>The data root for a data-set name; by default DIGITS_DATA, else the user's cache folder.</summary>
    [CommandOption("--root <PATH>")]
    [Description("Where to look for a named data set (default: DIGITS_DATA, else the cache folder)")]
    public string? Root { get; init; }

    /// <summary>Print JSON instead of tables.</summary>
    [CommandOption("--json")]
    [Description("Print the report as JSON")]
    public bool Json { get; init; }
}
