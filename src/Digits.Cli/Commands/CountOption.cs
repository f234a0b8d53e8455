using System.Globalization;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>
/// A whole-number option and the range it takes, with the reason for its ceiling: the one place the limits on
/// epochs, batch sizes, threads and trials live, and the error that names the one option out of range.
/// </summary>
/// <param name="Name">The option, such as <c>--epochs</c>.</param>
/// <param name="Value">What the user gave; <see langword="null"/> when not given.</param>
/// <param name="Minimum">The smallest value that means anything.</param>
/// <param name="Maximum">The largest value that is not surely a typo.</param>
/// <param name="Reason">Why the ceiling is where it is, said to the user.</param>
internal readonly record struct CountOption(string Name, int? Value, int Minimum, int Maximum, string Reason)
{
    /// <summary>The shipped recipes train 1 to 40 epochs; a billion would run for ever instead of failing.</summary>
    public static CountOption Epochs(int? value)
        => new("--epochs", value, 1, 10_000, "the shipped recipes train 1 to 40; train longer in steps with --resume");

    /// <summary>A batch must fit in memory: 100,000 pictures are 314 MB of input alone.</summary>
    public static CountOption BatchSize(int? value)
        => new("--batch-size", value, 1, 100_000, "100,000 pictures are already 314 MB of input per batch");

    /// <summary>Threads beyond the cores only slow the kernels down.</summary>
    public static CountOption Threads(int? value)
        => new("--threads", value, 1, 1_024, $"more threads than cores only slow training, and this machine has {Environment.ProcessorCount}");

    /// <summary>Each trial trains a network.</summary>
    public static CountOption Trials(string name, int? value, int minimum = 1)
        => new(name, value, minimum, 10_000, "each trial trains a network");

    /// <summary>A count with no ceiling of its own, such as images, which the data set bounds.</summary>
    public static CountOption AtLeast(string name, int? value, int minimum = 1)
        => new(name, value, minimum, int.MaxValue, string.Empty);

    /// <summary>The first option of <paramref name="options"/> out of its range, as one error naming it; success when none is.</summary>
    public static ValidationResult Check(params CountOption[] options)
    {
        foreach (var option in options)
        {
            if (option.Value is not { } value)
            {
                continue;
            }

            if (value < option.Minimum)
            {
                return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be at least {option.Minimum:N0}, not {value:N0}."));
            }

            if (value > option.Maximum)
            {
                return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"{option.Name} is at most {option.Maximum:N0}, not {value:N0}: {option.Reason}."));
            }
        }

        return ValidationResult.Success();
    }
}
