using System.ComponentModel;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Zoo;

/// <summary>Arguments of <c>digits summary</c>.</summary>
public sealed class SummarySettings : CommandSettings
{
    /// <summary>A zoo network's class name, any case.</summary>
    [CommandArgument(0, "<network>")]
    [Description("A network the SDK ships (LogisticRegression, LinearSvm, RbfSvm, Mlp, LeNet5, FastCnn, TopCnn)")]
    public string Network { get; init; } = string.Empty;
}
