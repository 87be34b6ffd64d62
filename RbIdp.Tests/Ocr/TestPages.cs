using SkiaSharp;

namespace RbIdp.Tests.Ocr;

/// <summary>How a rendered test page is spoiled: turned, tilted, scanned, stamped.</summary>
public sealed record PageLook(int QuarterTurns = 0, float SkewDegrees = 0, bool Scanned = false, bool Stamped = false, int Dpi = 300, bool Shadowed = false);

/// <summary>A rendered page with the text it shows (one line per row); owns the bitmap.</summary>
public sealed record TestPage(SKBitmap Image, string Text, int Dpi) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// A minimal renderer of Russian document pages for OCR tests: DejaVu Sans 12 pt, black on white, A4 at 300 DPI,
/// optionally scanned (blur, grey paper, noise, JPEG), turned, skewed or stamped with a blue seal over the text.
/// </summary>
public static class TestPages
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private static readonly string[] Phrases =
    [
        "Справка о доходах и суммах налога физического лица",
        "Выдана Иванову Ивану Петровичу для предъявления по месту требования",
        "Центр занятости населения города Москвы подтверждает что гражданин",
        "признан безработным с 01.10.2026 года и состоит на учёте",
        "Листок нетрудоспособности № 910123456789 выдан 12 ноября 2026 г.",
        "Медицинская организация: ГБУЗ Городская поликлиника № 220",
        "Сведения о трудовой деятельности зарегистрированного лица",
        "Приказ о прекращении трудового договора от 15.09.2026 № 41-к",
        "Военный комиссариат Октябрьского района сообщает о мобилизации",
        "Федеральное учреждение медико-социальной экспертизы",
        "Инвалидность установлена на срок до 01.12.2027 года",
        "Свидетельство о рождении выдано отделом ЗАГС Тверского района",
        "Общая сумма дохода за 2026 год составила 845 320 руб. 50 коп.",
        "Налоговый агент: ООО «Северная звезда», ИНН 7701234567",
        "Главный врач Смирнова Елена Викторовна подпись заверена печатью",
        "Дата выдачи «28» ноября 2026 г. Действительна тридцать дней",
        "Пострадавшему в результате чрезвычайной ситуации природного характера",
        "Адрес: 125009, г. Москва, ул. Тверская, д. 13, кв. 45",
        "Паспорт серии 45 12 номер 345678 выдан ОВД района Хамовники",
        "Основание: заявление работника о предоставлении отсрочки платежей",
    ];

    /// <summary>A page of <paramref name="lineCount"/> lines picked from document phrases by <paramref name="seed"/>.</summary>
    public static TestPage Render(int seed, int lineCount = 24, PageLook? look = null)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, lineCount).Select(_ => Phrases[random.Next(Phrases.Length)]).ToList();
        return Render(lines, look ?? new PageLook(), seed);
    }

    public static TestPage Render(IReadOnlyList<string> lines, PageLook look, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(look);
        var scale = look.Dpi / 300f;
        var width = (int)(2480 * scale);
        var height = (int)(3508 * scale);
        var page = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(page))
        {
            canvas.Clear(SKColors.White);
            canvas.RotateDegrees(-look.SkewDegrees, width / 2f, height / 2f);
            using var typeface = SKTypeface.FromFile(FontPath);
            using var font = new SKFont(typeface, 50 * scale);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            var y = 300 * scale;
            foreach (var line in lines)
            {
                canvas.DrawText(line, 200 * scale, y, SKTextAlign.Left, font, ink);
                y += 80 * scale;
            }

            canvas.ResetMatrix();
            if (look.Stamped)
            {
                DrawStamp(canvas, typeface, new SKPoint(width * 0.42f, 300 * scale + (80 * scale * 3.5f)), 230 * scale);
            }
        }

        if (look.Scanned)
        {
            page = Scan(page, new Random(seed));
        }

        if (look.Shadowed)
        {
            Shade(page);
        }

        if (look.QuarterTurns % 4 != 0)
        {
            page = Turn(page, look.QuarterTurns);
        }

        return new TestPage(page, string.Join('\n', lines), look.Dpi);
    }

    /// <summary>A round blue seal drawn like ink (multiplied), so the print under it stays black.</summary>
    public static void DrawStamp(SKCanvas canvas, SKTypeface typeface, SKPoint centre, float radius)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        using var ink = new SKPaint
        {
            Color = new SKColor(45, 70, 190),
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = radius / 30,
            BlendMode = SKBlendMode.Multiply,
        };
        canvas.DrawCircle(centre, radius, ink);
        canvas.DrawCircle(centre, radius * 0.72f, ink);
        using var builder = new SKPathBuilder();
        builder.AddCircle(centre.X, centre.Y, radius * 0.8f);
        using var path = builder.Detach();
        using var font = new SKFont(typeface, radius / 6.5f);
        using var fill = new SKPaint { Color = ink.Color, IsAntialias = true, BlendMode = SKBlendMode.Multiply };
        canvas.DrawTextOnPath("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ * МОСКВА *", path, SKPoint.Empty, SKTextAlign.Left, font, fill);
        canvas.DrawText("ДЛЯ", centre.X, centre.Y - (radius * 0.1f), SKTextAlign.Center, font, fill);
        canvas.DrawText("ДОКУМЕНТОВ", centre.X, centre.Y + (radius * 0.2f), SKTextAlign.Center, font, fill);
    }

    /// <summary>
    /// What a phone photo taken under a lamp does: the light falls off across the page, from full on the left to a
    /// fifth of it in the lower right corner (paper there is nearly as dark as print).
    /// </summary>
    private static void Shade(SKBitmap page)
    {
        var pixels = page.GetPixelSpan();
        var (width, height) = (page.Width, page.Height);
        var bytes = new byte[pixels.Length];
        pixels.CopyTo(bytes);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var light = 1.0 - (0.6 * x / width) - (0.2 * y / height);
                var i = ((y * width) + x) * 4;
                for (var c = 0; c < 3; c++)
                {
                    bytes[i + c] = (byte)(bytes[i + c] * light);
                }
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, page.GetPixels(), bytes.Length);
    }

    /// <summary>What a flatbed scan does: slight blur, off-white paper, sensor noise, JPEG at quality 70.</summary>
    private static SKBitmap Scan(SKBitmap page, Random random)
    {
        var blurred = new SKBitmap(page.Info);
        using (var canvas = new SKCanvas(blurred))
        using (var blur = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(0.8f, 0.8f) })
        using (var image = SKImage.FromBitmap(page))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), blur);
        }

        page.Dispose();
        var pixels = blurred.GetPixelSpan();
        var bytes = new byte[pixels.Length];
        pixels.CopyTo(bytes);
        for (var i = 0; i < bytes.Length; i += 4)
        {
            var noise = random.Next(-18, 19);
            for (var c = 0; c < 3; c++)
            {
                bytes[i + c] = (byte)Math.Clamp((bytes[i + c] * 0.92) + noise, 0, 255);
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, blurred.GetPixels(), bytes.Length);
        using var encoded = blurred.Encode(SKEncodedImageFormat.Jpeg, 70);
        blurred.Dispose();
        return SKBitmap.Decode(encoded);
    }

    private static SKBitmap Turn(SKBitmap page, int quarterTurns)
    {
        var turns = ((quarterTurns % 4) + 4) % 4;
        var (w, h) = turns == 2 ? (page.Width, page.Height) : (page.Height, page.Width);
        var turned = new SKBitmap(new SKImageInfo(w, h, page.ColorType, page.AlphaType));
        using (var canvas = new SKCanvas(turned))
        using (var image = SKImage.FromBitmap(page))
        {
            canvas.Translate(w / 2f, h / 2f);
            canvas.RotateDegrees(90 * turns);
            canvas.Translate(-page.Width / 2f, -page.Height / 2f);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        page.Dispose();
        return turned;
    }

    public static byte[] EncodePng(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] EncodeJpeg(SKBitmap bitmap, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
