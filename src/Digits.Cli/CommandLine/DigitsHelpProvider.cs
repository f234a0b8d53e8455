using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Digits.Cli.CommandLine;

/// <summary>
/// Spectre's help, with the tool's own switch <see cref="DigitsApp.VerboseOption"/> under every page: it is valid
/// with every verb, so no verb's settings declare it, and Spectre's help knew nothing of it.
/// </summary>
internal sealed class DigitsHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    /// <inheritdoc/>
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        foreach (var renderable in base.GetFooter(model, command))
        {
            yield return renderable;
        }

        yield return new Text(Environment.NewLine + "GLOBAL OPTIONS:" + Environment.NewLine);
        var grid = new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(4)).AddColumn();
        grid.AddRow(new Text(DigitsApp.VerboseOption), new Text("With any command: print an error's stack trace too"));
        yield return grid;
    }
}
