using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Native;
using SkiaSharp;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// Decodes JPEG/PNG (SkiaSharp codec, header checked first, truncation is an error, EXIF orientation applied)
/// and TIFF pages (leptonica: colour stays colour, the rest is grey). Callers have already checked the header sizes against the limits.
/// </summary>
internal static class RasterDecoder
{
    /// <summary>When a file does not state its resolution, assume its longer side is an A4 page's (11.69 in).</summary>
    private const double A4LongSideInches = 11.69;

    // Leptonica keeps pixels in 32-bit words, most significant byte first: on little-endian machines the bytes of
    // each word are stored in reverse.
    private static readonly int Swizzle = BitConverter.IsLittleEndian ? 3 : 0;

    public static int EstimateDpi(int width, int height) =>
        Math.Clamp((int)Math.Round(Math.Max(width, height) / A4LongSideInches), 72, 1200);

    public static SKBitmap DecodeWithCodec(ReadOnlySpan<byte> encoded, Func<PageHeader, bool> fitsLimits)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new PageDecodeException(IntakeRejection.Unreadable, "The image header cannot be decoded.");
        if (!fitsLimits(new PageHeader(codec.Info.Width, codec.Info.Height)))
        {
            throw new PageDecodeException(IntakeRejection.ImageTooLarge, "The image is over the pixel limits.");
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new PageDecodeException(IntakeRejection.Unreadable,
                result == SKCodecResult.IncompleteInput ? "The image is truncated." : $"The image is corrupt ({result}).");
        }

        return ApplyOrigin(bitmap, codec.EncodedOrigin);
    }

    /// <summary>Turns a phone photo upright as its EXIF orientation says.</summary>
    public static SKBitmap ApplyOrigin(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap;
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swap ? (bitmap.Height, bitmap.Width) : (bitmap.Width, bitmap.Height);
        var upright = new SKBitmap(new SKImageInfo(w, h, bitmap.ColorType, bitmap.AlphaType));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(OriginMatrix(origin, bitmap.Width, bitmap.Height));
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        bitmap.Dispose();
        return upright;
    }

    /// <summary>The matrix that maps the stored pixels onto the upright page (the EXIF orientation tag's meaning).</summary>
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    /// <summary>
    /// One page of a TIFF through leptonica: a colour page stays colour (BGRA; a stamp is told by its ink colour),
    /// anything else is converted to 8-bit grey.
    /// </summary>
    public static unsafe (SKBitmap Image, int Dpi) DecodeTiffPage(ReadOnlyMemory<byte> tiff, int pageIndex)
    {
        using var pin = tiff.Pin();
        using var pix = LeptonicaApi.pixReadMemTiff((byte*)pin.Pointer, (nuint)tiff.Length, pageIndex);
        if (pix.IsInvalid)
        {
            throw new PageDecodeException(IntakeRejection.Unreadable, $"TIFF page {pageIndex + 1} cannot be decoded.");
        }

        if (LeptonicaApi.pixGetDepth(pix) == 32)
        {
            return (Copy(pix, colour: true), DpiOf(pix));
        }

        using var gray = LeptonicaApi.pixConvertTo8(pix, 0);
        if (gray.IsInvalid || LeptonicaApi.pixGetDepth(gray) != 8)
        {
            throw new PageDecodeException(IntakeRejection.Unreadable, $"TIFF page {pageIndex + 1} cannot be converted to grey.");
        }

        return (Copy(gray, colour: false), DpiOf(gray));
    }

    private static int DpiOf(PixHandle pix)
    {
        var resolution = LeptonicaApi.pixGetXRes(pix);
        return resolution is >= 72 and <= 1200
            ? resolution
            : EstimateDpi(LeptonicaApi.pixGetWidth(pix), LeptonicaApi.pixGetHeight(pix));
    }

    /// <summary>
    /// Copies an 8-bit grey or a 32-bit colour pix. A 32-bit leptonica pixel is one word: red, green, blue, then
    /// the unused alpha byte, most significant first.
    /// </summary>
    private static unsafe SKBitmap Copy(PixHandle pix, bool colour)
    {
        var width = LeptonicaApi.pixGetWidth(pix);
        var height = LeptonicaApi.pixGetHeight(pix);
        var wpl = LeptonicaApi.pixGetWpl(pix);
        var source = (byte*)LeptonicaApi.pixGetData(pix);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, colour ? SKColorType.Bgra8888 : SKColorType.Gray8,
            colour ? SKAlphaType.Premul : SKAlphaType.Opaque));
        var target = (byte*)bitmap.GetPixels();
        var rowBytes = bitmap.RowBytes;
        for (var y = 0; y < height; y++)
        {
            var row = source + ((long)y * wpl * 4);
            var outRow = target + ((long)y * rowBytes);
            for (var x = 0; x < width; x++)
            {
                if (!colour)
                {
                    outRow[x] = row[x ^ Swizzle];
                    continue;
                }

                var word = row + (x * 4);
                var pixel = outRow + (x * 4);
                pixel[0] = word[2 ^ Swizzle];
                pixel[1] = word[1 ^ Swizzle];
                pixel[2] = word[0 ^ Swizzle];
                pixel[3] = 255;
            }
        }

        return bitmap;
    }

    /// <summary>
    /// A binary PGM (P5, 8-bit grey → Gray8) or PPM (P6, 8-bit RGB → Bgra8888) as poppler's <c>pdftoppm</c> writes it.
    /// </summary>
    public static unsafe SKBitmap DecodePnm(ReadOnlySpan<byte> pnm)
    {
        var at = 0;
        var magic = ReadToken(pnm, ref at);
        if (magic is not ("P5" or "P6") || !int.TryParse(ReadToken(pnm, ref at), out var width) ||
            !int.TryParse(ReadToken(pnm, ref at), out var height) || ReadToken(pnm, ref at) != "255")
        {
            throw new PageDecodeException(IntakeRejection.Unreadable, "The rendered page is not an 8-bit PGM or PPM.");
        }

        at++;
        var channels = magic == "P6" ? 3 : 1;
        if (width <= 0 || height <= 0 || pnm.Length - at < (long)width * height * channels)
        {
            throw new PageDecodeException(IntakeRejection.Unreadable, "The rendered page is truncated.");
        }

        var bitmap = channels == 1
            ? new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque))
            : new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        var target = new Span<byte>((void*)bitmap.GetPixels(), bitmap.RowBytes * height);
        for (var y = 0; y < height; y++)
        {
            var source = pnm.Slice(at + (y * width * channels), width * channels);
            var row = target.Slice(y * bitmap.RowBytes, bitmap.RowBytes);
            if (channels == 1)
            {
                source.CopyTo(row);
                continue;
            }

            for (var x = 0; x < width; x++)
            {
                row[(x * 4) + 0] = source[(x * 3) + 2];
                row[(x * 4) + 1] = source[(x * 3) + 1];
                row[(x * 4) + 2] = source[x * 3];
                row[(x * 4) + 3] = 255;
            }
        }

        return bitmap;
    }

    private static string ReadToken(ReadOnlySpan<byte> data, ref int at)
    {
        while (at < data.Length && (char.IsWhiteSpace((char)data[at]) || data[at] == '#'))
        {
            if (data[at] == '#')
            {
                while (at < data.Length && data[at] != '\n')
                {
                    at++;
                }
            }
            else
            {
                at++;
            }
        }

        var start = at;
        while (at < data.Length && !char.IsWhiteSpace((char)data[at]))
        {
            at++;
        }

        return System.Text.Encoding.ASCII.GetString(data[start..at]);
    }

    /// <summary>The pixels of a bitmap as a span (Gray8 or Bgra8888 rows, <see cref="SKBitmap.RowBytes"/> apart).</summary>
    public static unsafe Span<byte> Pixels(SKBitmap bitmap) =>
        new((void*)bitmap.GetPixels(), bitmap.RowBytes * bitmap.Height);
}
