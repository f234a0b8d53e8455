using Digits.Cli;

// --verbose is the tool's own switch, valid with every verb: it adds the stack trace to an error.
var verbose = args.Contains(DigitsApp.VerboseOption, StringComparer.Ordinal);
return DigitsApp.Create(verbose).Run(args.Where(a => a != DigitsApp.VerboseOption).ToArray());
