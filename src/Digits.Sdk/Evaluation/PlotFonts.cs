using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// The typeface every plot uses. Neither Skia's Linux build without fontconfig nor ScottPlot ships a font, so
/// text needs one installed under /usr/share/fonts (Debian: <c>fonts-dejavu-core</c>); without one Skia
/// falls back to an empty typeface and labels silently vanish, which <see cref="CanDrawDigits"/> detects.
/// </summary>
internal static class PlotFonts
{
    private static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Typefaces = new(Resolve);

    /// <summary>The regular typeface.</summary>
    public static SKTypeface Regular => Typefaces.Value.Regular;

    /// <summary>The bold typeface (the regular one, synthesised by Skia, when no bold face is installed).</summary>
    public static SKTypeface Bold => Typefaces.Value.Bold;

    /// <summary>The family name handed to ScottPlot, so its axes use the same typeface.</summary>
    public static string FamilyName => Regular.FamilyName;

    /// <summary>Whether the typeface has glyphs for the digits; false means labels would be invisible.</summary>
    public static bool CanDrawDigits
    {
        get
        {
            using var font = new SKFont(Regular);
            var glyphs = font.GetGlyphs("0123456789");
            return glyphs.Length == 10 && glyphs.All(glyph => glyph != 0);
        }
    }

    private static (SKTypeface, SKTypeface) Resolve()
    {
        var manager = SKFontManager.Default;
        foreach (var family in Families)
        {
            var regular = manager.MatchFamily(family, SKFontStyle.Normal);
            if (regular is not null && regular.FamilyName.Equals(family, StringComparison.OrdinalIgnoreCase))
            {
                var bold = manager.MatchFamily(family, SKFontStyle.Bold) ?? regular;
                return (regular, bold);
            }
        }

        // Whatever the platform offers (possibly an empty face on a machine without fonts).
        var fallback = SKTypeface.Default;
        return (fallback, SKTypeface.FromFamilyName(null, SKFontStyle.Bold) ?? fallback);
    }
}
