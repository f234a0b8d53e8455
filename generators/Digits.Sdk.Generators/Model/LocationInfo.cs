using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Digits.Sdk.Generators.Model;

/// <summary>
/// Where a diagnostic points, kept as plain values: a <see cref="Location"/> holds its syntax tree and would
/// keep the whole compilation alive and defeat caching, so it is rebuilt only when the diagnostic is reported.
/// </summary>
/// <param name="FilePath">The source file's path.</param>
/// <param name="Span">The character span in the file.</param>
/// <param name="LineSpan">The line and column span in the file.</param>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is { SourceTree: { } tree }
            ? new LocationInfo(tree.FilePath, location.SourceSpan, location.GetLineSpan().Span)
            : null;

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
