using Digits.Sdk.Modeling;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Zoo;

/// <summary><c>digits summary &lt;network&gt;</c>: the layers, output shapes and parameter counts of a zoo network, its expected accuracy and recipe.</summary>
public sealed class SummaryCommand : Command<SummarySettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SummarySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        var model = NetworkCatalog.Find(settings.Network);
        Console.Out.Write(model.Architecture.Summary());
        Console.Out.WriteLine();
        Console.Out.WriteLine(model.Description);
        Console.Out.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Expected MNIST test accuracy: >= {model.ExpectedAccuracy * 100:F1}%"));
        Console.Out.WriteLine("Recipe: " + model.Recipe);
        return 0;
    }
}
