using Digits.Cli;

// Ctrl+C or SIGTERM asks the running verb to stop (training saves a checkpoint first) instead of killing the process.
using var signals = new StopSignals(Console.Error);
return signals.ExitCode(await DigitsApp.RunAsync(args, signals.Token));
