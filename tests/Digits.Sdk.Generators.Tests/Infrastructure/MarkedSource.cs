using Microsoft.CodeAnalysis.Text;

namespace Digits.Sdk.Generators.Tests.Infrastructure;

/// <summary>Source text with the expected diagnostic span marked as <c>[|...|]</c>, as Roslyn's own tests write it.</summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The source must mark one span with [| and |].");
        var text = marked.Remove(end, 2).Remove(start, 2);
        return new MarkedSource(text, TextSpan.FromBounds(start, end - 2));
    }
}
