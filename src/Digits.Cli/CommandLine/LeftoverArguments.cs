using Spectre.Console.Cli;

namespace Digits.Cli.CommandLine;

/// <summary>
/// Refuses words after <c>--</c>: strict parsing refuses unknown options, but Spectre.Console.Cli still hands what
/// follows <c>--</c> to the verb as remaining arguments, and no verb of <c>digits</c> reads them.
/// </summary>
internal sealed class LeftoverArguments(UsageMistakes mistakes) : ICommandInterceptor
{
    /// <inheritdoc/>
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (context.Remaining.Raw.Count > 0 || context.Remaining.Parsed.Count > 0)
        {
            throw new CommandException(mistakes.Find(context.Arguments) ?? $"Unexpected arguments: {string.Join(' ', context.Remaining.Raw)}.");
        }
    }

    /// <inheritdoc/>
    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
