using Digits.Cli;

return DigitsApp.Create().Run(args);
