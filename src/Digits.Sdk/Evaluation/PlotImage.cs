using SkiaSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>A rendered plot: a PNG image held in memory, ready to save. Made by <see cref="Plots"/>.</summary>
public sealed class PlotImage
{
    private readonly byte[] png;

    private PlotImage(byte[] png, int width, int height)
    {
        this.png = png;
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>A copy of the PNG bytes.</summary>
    public byte[] ToPng() => (byte[])png.Clone();

    /// <summary>Writes the PNG to <paramref name="path"/>, creating its folder if needed.</summary>
    /// <param name="path">The file to write; written to a temporary name beside it and then renamed, so a reader never sees half an image.</param>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, png);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Renders a white canvas of the given size with <paramref name="draw"/> and encodes it as PNG.</summary>
    internal static PlotImage Render(int width, int height, Action<SKCanvas> draw)
    {
        // Guard against sizes Skia would refuse (or that would eat gigabytes) with a message, not a null surface.
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16_384);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16_384);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not create a {width} x {height} drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        draw(surface.Canvas);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return new PlotImage(data.ToArray(), width, height);
    }
}
