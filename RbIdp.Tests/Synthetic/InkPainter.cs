using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>Draws what is added by hand after printing: stamps (round double-ring or rectangular) and signatures.</summary>
internal sealed class InkPainter(SKCanvas canvas, int dpi, Random random, FontPair fonts)
{
    public static SKColor ColorOf(InkColor color) => color == InkColor.Violet ? new SKColor(98, 48, 156) : new SKColor(30, 56, 168);

    public static readonly SKColor SignatureBlue = new(18, 40, 150);

    private float Mm(double mm) => PageLayout.Mm(dpi, mm);

    /// <summary>A round stamp: outer double ring, text along the ring, inner ring, emblem and text in the centre.</summary>
    public void RoundStamp(SKPoint center, float radius, InkColor color, string ringText, string centerText)
    {
        using var layer = new SKPaint { BlendMode = SKBlendMode.Multiply };
        canvas.SaveLayer(layer);
        using var stroke = new SKPaint { Color = ColorOf(color), Style = SKPaintStyle.Stroke, IsAntialias = true, StrokeWidth = Mm(0.55) };
        using var fill = new SKPaint { Color = ColorOf(color), IsAntialias = true };
        canvas.DrawCircle(center, radius, stroke);
        stroke.StrokeWidth = Mm(0.3);
        canvas.DrawCircle(center, radius - Mm(1.2), stroke);
        var inner = radius * 0.6f;
        canvas.DrawCircle(center, inner, stroke);

        // Text along the ring, between the double ring and the inner ring, spread over the whole circle.
        var band = radius - Mm(1.6) - inner;
        using var ringFont = new SKFont(fonts.Bold, Math.Min(band * 0.62f, Mm(3.4)));
        var baseline = radius - Mm(1.6) - ringFont.Size * 0.85f;
        var circumference = (float)(2 * Math.PI * baseline);
        ringFont.ScaleX = 1f;
        ringFont.ScaleX = Math.Clamp(circumference * 0.94f / ringFont.MeasureText(ringText), 0.6f, 1.4f);
        using var builder = new SKPathBuilder();
        builder.AddCircle(center.X, center.Y, baseline, SKPathDirection.Clockwise);
        using var path = builder.Detach();
        canvas.Save();
        canvas.RotateDegrees(random.Next(0, 360), center.X, center.Y);
        canvas.DrawTextOnPath(ringText, path, 0, 0, SKTextAlign.Left, ringFont, fill);
        canvas.Restore();

        // The emblem: a five-pointed star over the centre text.
        Star(new SKPoint(center.X, center.Y - (inner * 0.38f)), inner * 0.28f, fill);
        using var centerFont = new SKFont(fonts.Bold, inner * 0.2f);
        var lines = centerText.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var y = center.Y + (inner * 0.18f) + (i * centerFont.Size * 1.15f);
            centerFont.ScaleX = 1f;
            centerFont.ScaleX = Math.Min(1f, inner * 1.6f / centerFont.MeasureText(lines[i]));
            canvas.DrawText(lines[i], center.X, y, SKTextAlign.Center, centerFont, fill);
        }

        WearInk(center, radius);
        canvas.Restore();
    }

    /// <summary>A rectangular stamp: a double frame with three centred lines of text.</summary>
    public void RectangularStamp(SKPoint center, float width, float height, InkColor color, string[] lines)
    {
        using var layer = new SKPaint { BlendMode = SKBlendMode.Multiply };
        canvas.SaveLayer(layer);
        using var stroke = new SKPaint { Color = ColorOf(color), Style = SKPaintStyle.Stroke, IsAntialias = true, StrokeWidth = Mm(0.5) };
        using var fill = new SKPaint { Color = ColorOf(color), IsAntialias = true };
        var rect = SKRect.Create(center.X - (width / 2), center.Y - (height / 2), width, height);
        canvas.DrawRect(rect, stroke);
        rect.Inflate(-Mm(1), -Mm(1));
        stroke.StrokeWidth = Mm(0.25);
        canvas.DrawRect(rect, stroke);
        using var font = new SKFont(fonts.Bold, height / (lines.Length + 1.5f));
        for (var i = 0; i < lines.Length; i++)
        {
            font.ScaleX = 1f;
            font.ScaleX = Math.Min(1f, (width - Mm(4)) / font.MeasureText(lines[i]));
            var y = rect.Top + ((i + 1) * (rect.Height / (lines.Length + 0.4f)));
            canvas.DrawText(lines[i], center.X, y, SKTextAlign.Center, font, fill);
        }

        WearInk(center, Math.Max(width, height) / 2);
        canvas.Restore();
    }

    /// <summary>A handwritten-looking blue scribble from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Signature(SKPoint from, SKPoint to)
    {
        using var pen = new SKPaint
        {
            Color = SignatureBlue, Style = SKPaintStyle.Stroke, IsAntialias = true,
            StrokeWidth = Mm(0.45), StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
        };
        using var path = new SKPathBuilder();
        var height = Mm(9);
        path.MoveTo(from);
        var loops = random.Next(3, 6);
        for (var i = 1; i <= loops; i++)
        {
            var t = (float)i / loops;
            var x = from.X + ((to.X - from.X) * t);
            var y = from.Y + ((to.Y - from.Y) * t);
            path.CubicTo(
                x - Mm(random.Next(4, 12)), y - height * (0.6f + (float)random.NextDouble()),
                x + Mm(random.Next(2, 8)), y + height * (0.3f + (float)random.NextDouble() * 0.5f),
                x, y - Mm(random.Next(-2, 3)));
        }

        path.LineTo(to.X + Mm(6), to.Y - Mm(3));
        using var stroke = path.Detach();
        canvas.DrawPath(stroke, pen);
    }

    private void Star(SKPoint center, float radius, SKPaint paint)
    {
        using var path = new SKPathBuilder();
        for (var i = 0; i < 10; i++)
        {
            var r = i % 2 == 0 ? radius : radius * 0.4f;
            var angle = (Math.PI / 2) + (i * Math.PI / 5);
            var point = new SKPoint(center.X + (float)(r * Math.Cos(angle)), center.Y - (float)(r * Math.Sin(angle)));
            if (i == 0)
            {
                path.MoveTo(point);
            }
            else
            {
                path.LineTo(point);
            }
        }

        path.Close();
        using var star = path.Detach();
        canvas.DrawPath(star, paint);
    }

    /// <summary>Real stamps print unevenly: knock small pale spots out of the ink just drawn.</summary>
    private void WearInk(SKPoint center, float radius)
    {
        using var eraser = new SKPaint { BlendMode = SKBlendMode.DstOut, IsAntialias = true };
        for (var i = 0; i < 60; i++)
        {
            var angle = random.NextDouble() * 2 * Math.PI;
            var distance = radius * Math.Sqrt(random.NextDouble());
            eraser.Color = new SKColor(0, 0, 0, (byte)random.Next(40, 140));
            canvas.DrawCircle(
                center.X + (float)(distance * Math.Cos(angle)), center.Y + (float)(distance * Math.Sin(angle)),
                Mm(0.5 + (random.NextDouble() * 1.5)), eraser);
        }
    }
}
