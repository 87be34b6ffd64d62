using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>Where the signature line of a document landed: its page and the point where the signature goes.</summary>
internal sealed record SignatureAnchor(int Page, SKPoint SignatureAt, SKPoint RoleAt, float LineHeight);

/// <summary>A run of text as drawn on an upright page (pixels, left edge and baseline), kept to write a PDF text layer.</summary>
public sealed record PlacedText(int Page, string Text, float Left, float Baseline, float SizePx, bool Bold);

/// <summary>Lays the styled lines of a <see cref="DocText"/> out on upright A4 pages and draws them.</summary>
internal sealed class PageLayout(DocumentSpec spec, FontPair fonts)
{
    public const double A4WidthMm = 210;
    public const double A4HeightMm = 297;

    private static readonly SKColor Ink = new(20, 20, 20);
    private static readonly SKColor HeaderBlue = new(0, 72, 168);

    private readonly float _left = Mm(spec.Dpi, 25);
    private readonly float _right = Mm(spec.Dpi, A4WidthMm - 15);
    private readonly List<SKBitmap> _pages = [];
    private readonly List<PlacedText> _placed = [];
    private SKCanvas? _canvas;
    private float _y;
    private bool _inHeader;

    public SignatureAnchor? Signature { get; private set; }

    public IReadOnlyList<PlacedText> Placed => _placed;

    public int Width { get; } = (int)Math.Round(Mm(spec.Dpi, A4WidthMm));

    public int Height { get; } = (int)Math.Round(Mm(spec.Dpi, A4HeightMm));

    public static float Mm(int dpi, double mm) => (float)(mm * dpi / 25.4);

    public static SKBitmap WhitePage(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.White);
        return bitmap;
    }

    /// <summary>Draws the lines; returns the pages (the caller owns them).</summary>
    public IReadOnlyList<SKBitmap> Draw(IReadOnlyList<DocLine> lines)
    {
        NewPage();
        foreach (var line in lines)
        {
            if (_inHeader && line.Style != LineStyle.Header)
            {
                EndHeader();
            }

            DrawLine(line);
        }

        _canvas!.Dispose();
        return _pages;
    }

    private float Mm(double mm) => Mm(spec.Dpi, mm);

    private float Pt(double pt) => (float)(pt * spec.Dpi / 72);

    private void NewPage()
    {
        _canvas?.Dispose();
        var page = WhitePage(Width, Height);
        _pages.Add(page);
        _canvas = new SKCanvas(page);
        _y = Mm(20);
    }

    private void DrawLine(DocLine line)
    {
        switch (line.Style)
        {
            case LineStyle.Header:
                _inHeader = true;
                Paragraph(line.Text, fonts.Bold, 11, SKTextAlign.Center, spec.BlueHeader ? HeaderBlue : Ink, indent: 0);
                break;
            case LineStyle.Title:
                _y += Pt(4);
                Paragraph(line.Text, fonts.Bold, 14, SKTextAlign.Center, Ink, indent: 0);
                break;
            case LineStyle.Center:
                Paragraph(line.Text, fonts.Regular, 11, SKTextAlign.Center, Ink, indent: 0);
                break;
            case LineStyle.Right:
                Paragraph(line.Text, fonts.Regular, 8, SKTextAlign.Right, Ink, indent: 0);
                break;
            case LineStyle.Text:
                Paragraph(line.Text, fonts.Regular, 11.5, SKTextAlign.Left, Ink, indent: Mm(10));
                break;
            case LineStyle.Columns:
                Columns(line.Text.Split('\t'));
                break;
            case LineStyle.TableRow:
                TableRow(line.Text.Split('\t'));
                break;
            case LineStyle.Signature:
                SignatureLine(line.Text.Split('\t'));
                break;
            case LineStyle.Gap:
                _y += Mm(5);
                break;
            case LineStyle.PageBreak:
                NewPage();
                break;
        }
    }

    private void EndHeader()
    {
        _inHeader = false;
        if (spec.BlueHeader)
        {
            using var rule = new SKPaint { Color = HeaderBlue, StrokeWidth = Mm(0.8), IsAntialias = true };
            _y += Mm(1.5);
            _canvas!.DrawLine(_left, _y, _right, _y, rule);
            _y += Mm(2);
        }
    }

    private void Paragraph(string text, SKTypeface face, double pt, SKTextAlign align, SKColor color, float indent)
    {
        using var font = new SKFont(face, Pt(pt));
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        var width = _right - _left;
        var first = true;
        foreach (var row in Wrap(text, font, width, indent))
        {
            var lineHeight = font.Spacing * 1.1f;
            EnsureRoom(lineHeight);
            _y += lineHeight;
            var x = align switch
            {
                SKTextAlign.Center => (_left + _right) / 2,
                SKTextAlign.Right => _right,
                _ => _left + (first ? indent : 0),
            };
            Text(row, x, _y - font.Metrics.Descent, align, font, paint);
            first = false;
        }
    }

    private void Columns(string[] cells)
    {
        using var label = new SKFont(fonts.Regular, Pt(11));
        using var value = new SKFont(fonts.Bold, Pt(11));
        using var paint = new SKPaint { Color = Ink, IsAntialias = true };
        var lineHeight = label.Spacing * 1.25f;
        EnsureRoom(lineHeight);
        _y += lineHeight;
        var columnWidth = (_right - _left) / Math.Max(cells.Length, 2);
        var x = _left;
        for (var i = 0; i < cells.Length; i++)
        {
            var font = i % 2 == 1 ? value : label;
            x = Math.Max(x, _left + (i * columnWidth));
            if (i > 0 && x + font.MeasureText(cells[i]) > _right)
            {
                EnsureRoom(lineHeight);
                _y += lineHeight;
                x = _left + Mm(10);
            }

            Text(cells[i], x, _y - label.Metrics.Descent, SKTextAlign.Left, font, paint);
            x += font.MeasureText(cells[i]) + Mm(4);
        }
    }

    private void TableRow(string[] cells)
    {
        using var font = new SKFont(fonts.Regular, Pt(9));
        using var paint = new SKPaint { Color = Ink, IsAntialias = true };
        using var grid = new SKPaint { Color = Ink, StrokeWidth = Mm(0.25), Style = SKPaintStyle.Stroke };
        var columnWidth = (_right - _left) / cells.Length;
        var wrapped = cells.Select(c => Wrap(c, font, columnWidth - Mm(2), 0).ToList()).ToList();
        var lineHeight = font.Spacing * 1.1f;
        var rowHeight = (Math.Max(1, wrapped.Max(w => w.Count)) * lineHeight) + Mm(1.5);
        EnsureRoom(rowHeight);
        for (var i = 0; i < cells.Length; i++)
        {
            var x = _left + (i * columnWidth);
            _canvas!.DrawRect(x, _y, columnWidth, rowHeight, grid);
            for (var j = 0; j < wrapped[i].Count; j++)
            {
                Text(wrapped[i][j], x + Mm(1), _y + ((j + 1) * lineHeight) - font.Metrics.Descent, SKTextAlign.Left, font, paint);
            }
        }

        _y += rowHeight;
    }

    private void SignatureLine(string[] cells)
    {
        using var font = new SKFont(fonts.Regular, Pt(11));
        using var paint = new SKPaint { Color = Ink, IsAntialias = true };
        var roleRows = Wrap(cells[0], font, Mm(80), 0).ToList();
        var lineHeight = font.Spacing * 1.2f;
        EnsureRoom((lineHeight * roleRows.Count) + Mm(45));
        _y += Mm(6);
        var roleY = _y;
        foreach (var row in roleRows)
        {
            _y += lineHeight;
            Text(row, _left, _y - font.Metrics.Descent, SKTextAlign.Left, font, paint);
        }

        var lineX = _left + Mm(88);
        Text("____________", lineX, _y - font.Metrics.Descent, SKTextAlign.Left, font, paint);
        var lineWidth = font.MeasureText("____________");
        Text(cells[1], lineX + lineWidth + Mm(4), _y - font.Metrics.Descent, SKTextAlign.Left, font, paint);
        Signature = new SignatureAnchor(_pages.Count - 1, new SKPoint(lineX + (lineWidth / 2), _y - (lineHeight / 2)), new SKPoint(_left, roleY), lineHeight);
    }

    private void Text(string text, float x, float baseline, SKTextAlign align, SKFont font, SKPaint paint)
    {
        if (text.Length == 0)
        {
            return;
        }

        _canvas!.DrawText(text, x, baseline, align, font, paint);
        var width = font.MeasureText(text);
        var left = align switch
        {
            SKTextAlign.Center => x - (width / 2),
            SKTextAlign.Right => x - width,
            _ => x,
        };
        _placed.Add(new PlacedText(_pages.Count - 1, text, left, baseline, font.Size, font.Typeface.FontStyle.Weight >= (int)SKFontStyleWeight.SemiBold));
    }

    private void EnsureRoom(float height)
    {
        if (_y + height > Height - Mm(15))
        {
            NewPage();
        }
    }

    private static IEnumerable<string> Wrap(string text, SKFont font, float width, float indent)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var current = string.Empty;
        var available = width - indent;
        foreach (var word in words)
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (current.Length > 0 && font.MeasureText(candidate) > available)
            {
                yield return current;
                current = word;
                available = width;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }
}
