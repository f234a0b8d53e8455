namespace Digits.Sdk.Fuzzing;

/// <summary>
/// One parser under fuzzing: how an input reaches it, which exceptions its documentation promises (those are
/// answers, not crashes), and how much managed memory an input of a given size may cost it.
/// </summary>
/// <remarks>
/// A crash is whatever escapes <see cref="Execute"/>: an exception the parser does not document, or an
/// <see cref="AllocationBudgetExceededException"/> when the parser allocated far more than the input could justify
/// (a header that lies about its size must not cost memory it does not hold). Hangs are afl-fuzz's to catch, with
/// its <c>-t</c> timeout.
/// </remarks>
internal abstract class FuzzTarget
{
    /// <summary>The name fuzz.sh, the corpus folder and the regression test use.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Loads the native libraries the parser needs once per process, so the first input is not a hang. It must not call
    /// into Digits.Sdk: instrumented code run before afl's loop has no coverage map to write to and fails.
    /// </summary>
    public virtual void Warm()
    {
    }

    /// <summary>Runs the parser on <paramref name="input"/>; a documented rejection returns normally.</summary>
    /// <returns>The documented exception the parser refused the input with, or <see langword="null"/> when it accepted it.</returns>
    /// <exception cref="AllocationBudgetExceededException">The parser allocated more than <see cref="AllocationBudget"/>.</exception>
    public Exception? Execute(byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exception? refusal = null;
        try
        {
            Parse(input);
        }
        catch (Exception error) when (IsDocumented(error))
        {
            // The parser refused the input the way its XML docs say it does: that is the correct answer.
            refusal = error;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var budget = AllocationBudget(input.Length);
        if (allocated > budget)
        {
            throw new AllocationBudgetExceededException(Name, input.Length, allocated, budget);
        }

        return refusal;
    }

    /// <summary>Feeds the input to the parser the way a user's file or stream would reach it.</summary>
    protected abstract void Parse(byte[] input);

    /// <summary>Whether the parser's documentation lists <paramref name="error"/> as the way it refuses bad input.</summary>
    protected abstract bool IsDocumented(Exception error);

    /// <summary>The most managed memory parsing an input of <paramref name="inputLength"/> bytes may allocate.</summary>
    protected abstract long AllocationBudget(int inputLength);
}
