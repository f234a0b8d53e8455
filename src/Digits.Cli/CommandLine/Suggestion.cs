namespace Digits.Cli.CommandLine;

/// <summary>Finds the valid word a mistyped one was probably meant to be.</summary>
internal static class Suggestion
{
    /// <summary>
    /// The candidate nearest to <paramref name="typed"/> by edit distance (insertions, deletions, substitutions and
    /// swaps of neighbours, ignoring case), or one that <paramref name="typed"/> begins; <see langword="null"/> when
    /// none is near enough to be a typo of it.
    /// </summary>
    /// <remarks>
    /// "Near enough" grows with the word: one edit for short words, about one in three for longer ones, so
    /// <c>--epoch</c> finds <c>--epochs</c> and <c>trian</c> finds <c>train</c>, but <c>--frob</c> finds nothing.
    /// </remarks>
    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        var word = typed.TrimStart('-');
        var scored = candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(word, candidate.TrimStart('-'))))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .ToList();
        if (scored.Count > 0 && scored[0].Distance <= Math.Max(1, (word.Length + 1) / 3))
        {
            return scored[0].Candidate;
        }

        // A word cut short (--batch for --batch-size) is far by edits but unambiguous.
        var extended = scored.Where(c => word.Length >= 3 && c.Candidate.TrimStart('-').StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
        return extended.Count == 1 ? extended[0].Candidate : null;
    }

    /// <summary>The optimal-string-alignment distance between <paramref name="a"/> and <paramref name="b"/>, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
