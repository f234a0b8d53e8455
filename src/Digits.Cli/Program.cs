using Digits.Cli;

// --verbose is the tool's own switch, valid with every verb: it adds the stack trace to an error.
var verbose = args.Contains(DigitsApp.VerboseOption, StringComparer.Ordinal);

// Ctrl+C asks the running verb to stop (training saves a checkpoint first) instead of killing the process.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    if (!interrupted.IsCancellationRequested)
    {
        press.Cancel = true;
        Console.Error.WriteLine("digits: stopping (Ctrl+C again to abort at once)...");
        interrupted.Cancel();
    }
};

return await DigitsApp.Create(verbose).RunAsync(args.Where(a => a != DigitsApp.VerboseOption).ToArray(), interrupted.Token);
