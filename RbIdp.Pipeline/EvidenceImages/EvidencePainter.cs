using SkiaSharp;

namespace RbIdp.Pipeline.EvidenceImages;

/// <summary>
/// Draws what the machine saw on a page: the page, scaled to at most <see cref="MaxSide"/> pixels, with a box and a
/// caption per mark (name green, date blue, accepted stamp red, refused stamp candidate dashed orange), as PNG. The
/// drawing is opaque (white underneath), so the PNG holds three channels, not four: a quarter less to compress.
/// </summary>
internal static class EvidencePainter
{
    public const int MaxSide = 1000;

    public static byte[] Paint(SKBitmap page, IReadOnlyList<EvidenceMark> marks)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(marks);
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(page.Width, page.Height));
        var width = Math.Max(1, (int)Math.Round(page.Width * scale));
        var height = Math.Max(1, (int)Math.Round(page.Height * scale));
        using var drawn = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(drawn);
        canvas.Clear(SKColors.White);
        using (var source = page.PeekPixels())
        using (var image = SKImage.FromPixels(source)) // the page's own pixels, not a copy of them
        {
            canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear));
        }

        var stroke = Math.Max(2f, width / 400f);
        using var font = new SKFont(SKTypeface.Default, Math.Max(12f, width / 60f));
        foreach (var mark in marks)
        {
            var colour = mark.Kind switch
            {
                EvidenceKind.Name => new SKColor(0, 160, 60),
                EvidenceKind.Date => new SKColor(0, 90, 220),
                EvidenceKind.StampAccepted => new SKColor(220, 0, 0),
                _ => new SKColor(255, 140, 0),
            };
            var rect = SKRect.Create((float)(mark.Box.X * scale), (float)(mark.Box.Y * scale), (float)(mark.Box.Width * scale), (float)(mark.Box.Height * scale));
            rect.Inflate(stroke * 2, stroke * 2);
            using var pen = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
            if (mark.Kind == EvidenceKind.StampRefused)
            {
                pen.PathEffect = SKPathEffect.CreateDash([stroke * 4, stroke * 3], 0);
            }

            canvas.DrawRect(rect, pen);
            using var ink = new SKPaint { Color = colour, IsAntialias = true };
            var baseline = rect.Top - stroke * 2 > font.Size ? rect.Top - stroke * 2 : rect.Bottom + font.Size + stroke;
            canvas.DrawText(mark.Caption, rect.Left, baseline, SKTextAlign.Left, font, ink);
        }

        // Fast zlib: an evidence image is looked at, not archived; the default level costs several times the time for a few percent.
        canvas.Flush();
        using var pixels = drawn.PeekPixels();
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.NoFilters, zLibLevel: 1))
            ?? throw new InvalidOperationException("The evidence image cannot be encoded as PNG.");
        return data.ToArray();
    }
}
