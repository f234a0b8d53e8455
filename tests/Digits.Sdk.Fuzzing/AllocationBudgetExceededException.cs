using System.Globalization;

namespace Digits.Sdk.Fuzzing;

/// <summary>
/// A parser allocated far more than its input could justify: thrown by the harness, never caught, so afl-fuzz counts it
/// as a crash and keeps the input.
/// </summary>
internal sealed class AllocationBudgetExceededException(string target, int inputLength, long allocated, long budget)
    : Exception(string.Create(
        CultureInfo.InvariantCulture,
        $"The {target} target allocated {allocated:N0} bytes of managed memory for an input of {inputLength:N0} bytes; its budget is {budget:N0}."));
