namespace Digits.Sdk.Data;

/// <summary>Chooses a stratified, seeded validation subset: the arithmetic behind <see cref="DigitDataset.Split"/>.</summary>
internal static class StratifiedSplit
{
    /// <summary>
    /// Picks <paramref name="validation"/> indices so each class contributes in proportion to its size
    /// (largest remainders get the leftover places, ties to the lower class index), shuffling each class with
    /// its own stream of one seeded generator. Both index lists come back in ascending order.
    /// </summary>
    public static (int[] Train, int[] Validation) Choose(IReadOnlyList<long> labels, int classCount, int validation, int seed)
    {
        var members = new List<int>[classCount];
        for (var c = 0; c < classCount; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < labels.Count; i++)
        {
            members[labels[i]].Add(i);
        }

        var total = labels.Count;
        var quota = new int[classCount];
        var remainders = new (long Remainder, int Class)[classCount];
        var assigned = 0;
        for (var c = 0; c < classCount; c++)
        {
            var exact = (long)members[c].Count * validation;
            quota[c] = (int)(exact / total);
            remainders[c] = (exact % total, c);
            assigned += quota[c];
        }

        Array.Sort(remainders, (a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Class.CompareTo(b.Class));
        for (var k = 0; assigned < validation; k = (k + 1) % classCount)
        {
            var c = remainders[k].Class;
            if (quota[c] < members[c].Count)
            {
                quota[c]++;
                assigned++;
            }
        }

        var held = new List<int>(validation);
        var kept = new List<int>(total - validation);
        for (var c = 0; c < classCount; c++)
        {
            var shuffled = members[c].ToArray();
            new DeterministicRandom(seed, stream: c).Shuffle(shuffled.AsSpan());
            held.AddRange(shuffled.AsSpan(0, quota[c]));
            kept.AddRange(shuffled.AsSpan(quota[c]));
        }

        held.Sort();
        kept.Sort();
        return ([.. kept], [.. held]);
    }
}
