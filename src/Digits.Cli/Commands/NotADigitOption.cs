using System.Globalization;
using Digits.Sdk.Inference;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>
/// <c>--not-a-digit-below &lt;P&gt;</c> of <c>digits predict</c> and <c>digits evaluate</c>: the confidence below which an
/// answer is "not a digit", instead of the model's own (<see cref="DigitClassifier.NotADigitBelow"/>); 0 turns it off.
/// </summary>
internal static class NotADigitOption
{
    /// <summary>The option's template.</summary>
    public const string Template = "--not-a-digit-below <P>";

    /// <summary>The option's help text.</summary>
    public const string Description = "Answer \"not a digit\" below this confidence (0 to 1) instead of at the model's own threshold; 0 never does";

    /// <summary>An error for a value outside [0, 1], or success.</summary>
    public static ValidationResult Validate(double? value) => value is null or (>= 0 and <= 1)
        ? ValidationResult.Success()
        : ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--not-a-digit-below {value} is a confidence: give a number from 0 (never refuse) to 1."));

    /// <summary>Sets the classifier's threshold when the option was given.</summary>
    public static void ApplyTo(DigitClassifier classifier, double? value)
    {
        if (value is { } threshold)
        {
            classifier.NotADigitBelow = threshold;
        }
    }
}
