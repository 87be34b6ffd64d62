using RbIdp.Tests.Synthetic;
using SkiaSharp;

namespace RbIdp.Tests.Stamps;

/// <summary>
/// A plain printed A4 page (black text at 200 DPI) to put stamp-like marks on, one mark per call: seals drawn by
/// <see cref="InkPainter"/> (faded, squeezed into an ellipse, cut by the edge), blue signatures, a blue header
/// with a logo, blue table rules, «М.П.», a registration stamp; then a phone's warm colour cast or JPEG loss.
/// </summary>
public sealed class StampedPage : IDisposable
{
    public const int Dpi = 200;

    private static readonly SKColor PrintBlue = new(0, 72, 168);

    private readonly SKCanvas _canvas;
    private readonly InkPainter _ink;
    private readonly FontPair _fonts = SyntheticFonts.Pick(null, 1);

    public StampedPage(int seed = 1)
    {
        Bitmap = PageLayout.WhitePage((int)Math.Round(Mm(210)), (int)Math.Round(Mm(297)));
        _canvas = new SKCanvas(Bitmap);
        _ink = new InkPainter(_canvas, Dpi, new Random(seed), _fonts);
        using var font = new SKFont(_fonts.Regular, Mm(3.5));
        using var black = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        for (var line = 0; line < 30; line++)
        {
            _canvas.DrawText("Справка выдана для предоставления по месту требования, сведения верны.", Mm(25), Mm(40 + (line * 7)), SKTextAlign.Left, font, black);
        }
    }

    public SKBitmap Bitmap { get; private set; }

    public static float Mm(double mm) => PageLayout.Mm(Dpi, mm);

    /// <summary>A round double-ring seal; <paramref name="strength"/> below 1 fades it, <paramref name="squeeze"/> below 1 flattens it vertically (a photo at an angle).</summary>
    public StampedPage Seal(double xMm, double yMm, double diameterMm = 40, InkColor color = InkColor.Blue, double strength = 1, double squeeze = 1)
    {
        var centre = new SKPoint(Mm(xMm), Mm(yMm));
        using var fade = new SKPaint { Color = SKColors.Black.WithAlpha((byte)Math.Round(255 * strength)) };
        _canvas.SaveLayer(fade);
        _canvas.Scale(1, (float)squeeze, centre.X, centre.Y);
        _ink.RoundStamp(centre, Mm(diameterMm / 2), color, "ГБУЗ «ГОРОДСКАЯ ПОЛИКЛИНИКА № 7» * Г. ТВЕРЬ *", "ДЛЯ\nСПРАВОК");
        _canvas.Restore();
        return this;
    }

    public StampedPage Signature(double fromXMm, double fromYMm, double toXMm, double toYMm)
    {
        _ink.Signature(new SKPoint(Mm(fromXMm), Mm(fromYMm)), new SKPoint(Mm(toXMm), Mm(toYMm)));
        return this;
    }

    /// <summary>A printed blue letterhead: the organisation's name in bold and a filled round logo with a white star.</summary>
    public StampedPage BlueHeaderWithLogo(double logoDiameterMm)
    {
        using var blue = new SKPaint { Color = PrintBlue, IsAntialias = true };
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var font = new SKFont(_fonts.Bold, Mm(5));
        _canvas.DrawText("ГБУЗ «ГОРОДСКАЯ КЛИНИЧЕСКАЯ БОЛЬНИЦА № 100»", Mm(25 + logoDiameterMm), Mm(18), SKTextAlign.Left, font, blue);
        _canvas.DrawText("Департамент здравоохранения Тверской области", Mm(25 + logoDiameterMm), Mm(26), SKTextAlign.Left, font, blue);
        var centre = new SKPoint(Mm(12 + (logoDiameterMm / 2)), Mm(8 + (logoDiameterMm / 2)));
        _canvas.DrawCircle(centre, Mm(logoDiameterMm / 2), blue);
        using var letters = new SKFont(_fonts.Bold, Mm(logoDiameterMm / 5));
        _canvas.DrawText("ГКБ", centre.X, centre.Y + Mm(logoDiameterMm / 12), SKTextAlign.Center, letters, white);
        return this;
    }

    /// <summary>A table ruled in blue: <paramref name="columns"/> × <paramref name="rows"/> cells of the given size, with black text in them.</summary>
    public StampedPage BlueTable(double xMm, double yMm, int columns, int rows, double cellWidthMm, double cellHeightMm)
    {
        using var rule = new SKPaint { Color = PrintBlue, Style = SKPaintStyle.Stroke, StrokeWidth = Mm(0.4), IsAntialias = true };
        using var black = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        using var font = new SKFont(_fonts.Regular, Mm(3));
        for (var r = 0; r <= rows; r++)
        {
            _canvas.DrawLine(Mm(xMm), Mm(yMm + (r * cellHeightMm)), Mm(xMm + (columns * cellWidthMm)), Mm(yMm + (r * cellHeightMm)), rule);
        }

        for (var c = 0; c <= columns; c++)
        {
            _canvas.DrawLine(Mm(xMm + (c * cellWidthMm)), Mm(yMm), Mm(xMm + (c * cellWidthMm)), Mm(yMm + (rows * cellHeightMm)), rule);
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                _canvas.DrawText("12.08.2026", Mm(xMm + (c * cellWidthMm) + 3), Mm(yMm + (r * cellHeightMm) + (cellHeightMm / 2) + 1), SKTextAlign.Left, font, black);
            }
        }

        return this;
    }

    /// <summary>The «М.П.» placeholder where a seal would go, in the given colour.</summary>
    public StampedPage SealPlaceholder(SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        using var font = new SKFont(_fonts.Bold, Mm(4.5));
        _canvas.DrawText("М.П.", Mm(40), Mm(250), SKTextAlign.Left, font, paint);
        return this;
    }

    /// <summary>An organisation's rectangular stamp: a double blue frame with its name and details in bold.</summary>
    public StampedPage RectangularStamp(double xMm, double yMm)
    {
        var (width, height) = (50.0, 22.0);
        using var stroke = new SKPaint { Color = InkPainter.ColorOf(InkColor.Blue), Style = SKPaintStyle.Stroke, StrokeWidth = Mm(0.6), IsAntialias = true };
        using var fill = new SKPaint { Color = InkPainter.ColorOf(InkColor.Blue), IsAntialias = true };
        using var font = new SKFont(_fonts.Bold, Mm(3.6));
        _canvas.DrawRect(SKRect.Create(Mm(xMm), Mm(yMm), Mm(width), Mm(height)), stroke);
        _canvas.DrawRect(SKRect.Create(Mm(xMm + 1.2), Mm(yMm + 1.2), Mm(width - 2.4), Mm(height - 2.4)), stroke);
        _canvas.DrawText("ДЛЯ ДОКУМЕНТОВ", Mm(xMm + 25), Mm(yMm + 8), SKTextAlign.Center, font, fill);
        _canvas.DrawText("ООО «ВЕКТОР»", Mm(xMm + 25), Mm(yMm + 13), SKTextAlign.Center, font, fill);
        _canvas.DrawText("ОГРН 1027700132195", Mm(xMm + 25), Mm(yMm + 18.5), SKTextAlign.Center, font, fill);
        return this;
    }

    /// <summary>A receiving office's registration stamp: a blue frame with «Вх. № ___» and «от ___ 20__ г.» and ruled blanks.</summary>
    public StampedPage RegistrationStamp(double xMm, double yMm)
    {
        var (width, height) = (58.0, 26.0);
        using var stroke = new SKPaint { Color = InkPainter.ColorOf(InkColor.Blue), Style = SKPaintStyle.Stroke, StrokeWidth = Mm(0.5), IsAntialias = true };
        using var fill = new SKPaint { Color = InkPainter.ColorOf(InkColor.Blue), IsAntialias = true };
        using var font = new SKFont(_fonts.Bold, Mm(3.6));
        _canvas.DrawRect(SKRect.Create(Mm(xMm), Mm(yMm), Mm(width), Mm(height)), stroke);
        _canvas.DrawText("ООО «ВЕКТОР»", Mm(xMm + 4), Mm(yMm + 6), SKTextAlign.Left, font, fill);
        _canvas.DrawText("Вх. №", Mm(xMm + 4), Mm(yMm + 14), SKTextAlign.Left, font, fill);
        _canvas.DrawLine(Mm(xMm + 17), Mm(yMm + 14.5), Mm(xMm + width - 4), Mm(yMm + 14.5), stroke);
        _canvas.DrawText("от", Mm(xMm + 4), Mm(yMm + 22), SKTextAlign.Left, font, fill);
        _canvas.DrawLine(Mm(xMm + 12), Mm(yMm + 22.5), Mm(xMm + width - 14), Mm(yMm + 22.5), stroke);
        _canvas.DrawText("20   г.", Mm(xMm + width - 13), Mm(yMm + 22), SKTextAlign.Left, font, fill);
        return this;
    }

    /// <summary>A phone photo under warm indoor light: the whole page, paper and ink, tinted orange and a little darker.</summary>
    public StampedPage WarmColourCast()
    {
        using var tint = new SKPaint { Color = new SKColor(255, 208, 160), BlendMode = SKBlendMode.Multiply };
        _canvas.DrawRect(SKRect.Create(Bitmap.Width, Bitmap.Height), tint);
        return this;
    }

    /// <summary>Saved and read back as a JPEG of the given quality (colour bleeding, blocking).</summary>
    public StampedPage Jpeg(int quality)
    {
        _canvas.Flush();
        using var data = Bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        var decoded = SKBitmap.Decode(data);
        Bitmap.Dispose();
        Bitmap = decoded;
        return this;
    }

    public void Dispose()
    {
        _canvas.Dispose();
        Bitmap.Dispose();
    }
}
