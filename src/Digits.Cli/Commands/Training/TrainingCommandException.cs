namespace Digits.Cli.Commands.Training;

/// <summary>A problem with the arguments of <c>train</c> or <c>evaluate</c>, reported as one line on stderr.</summary>
public sealed class TrainingCommandException(string message) : Exception(message);
