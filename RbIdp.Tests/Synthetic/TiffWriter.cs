using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>
/// A minimal TIFF encoder (SkiaSharp cannot write TIFF): little-endian, one strip per page, 8-bit grey or
/// 24-bit RGB, one IFD per page with its resolution. Pixels are Deflate-compressed (compression 8) after
/// horizontal differencing (predictor 2), as scanners and office tools write them: an A4 page at 300 DPI is
/// a few megabytes, not the 26 MB of raw RGB.
/// </summary>
public static class TiffWriter
{
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Rational = 5;

    public static byte[] Write(IEnumerable<(SKBitmap Bitmap, int Dpi)> pages, bool greyscale)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var list = pages.ToList();
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("II"u8);
        writer.Write((ushort)42);
        var nextIfdPointer = stream.Position;
        writer.Write(0u);

        for (var index = 0; index < list.Count; index++)
        {
            var (bitmap, dpi) = list[index];
            var samples = greyscale ? 1 : 3;
            var pixelsAt = (uint)stream.Position;
            var compressed = Deflate(Samples(bitmap, greyscale), bitmap.Width * samples, samples);
            writer.Write(compressed);
            var pixelBytes = (uint)compressed.Length;
            Align(writer);

            // Out-of-line values: BitsPerSample for RGB, then the two resolutions.
            var bitsAt = (uint)stream.Position;
            writer.Write((ushort)8);
            writer.Write((ushort)8);
            writer.Write((ushort)8);
            writer.Write((ushort)0);
            var resolutionAt = (uint)stream.Position;
            writer.Write((uint)dpi);
            writer.Write(1u);

            var ifdAt = (uint)stream.Position;
            Patch(stream, nextIfdPointer, ifdAt);
            var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)>
            {
                (254, Long, 1, list.Count > 1 ? 2u : 0u),
                (256, Long, 1, (uint)bitmap.Width),
                (257, Long, 1, (uint)bitmap.Height),
                (258, Short, (uint)samples, greyscale ? 8u : bitsAt),
                (259, Short, 1, 8),
                (262, Short, 1, greyscale ? 1u : 2u),
                (273, Long, 1, pixelsAt),
                (277, Short, 1, (uint)samples),
                (278, Long, 1, (uint)bitmap.Height),
                (279, Long, 1, pixelBytes),
                (282, Rational, 1, resolutionAt),
                (283, Rational, 1, resolutionAt),
                (296, Short, 1, 2),
                (297, Short, 2, (uint)(index | (list.Count << 16))),
                (317, Short, 1, 2),
            };
            writer.Write((ushort)entries.Count);
            foreach (var (tag, type, count, value) in entries)
            {
                writer.Write(tag);
                writer.Write(type);
                writer.Write(count);
                writer.Write(value);
            }

            nextIfdPointer = stream.Position;
            writer.Write(0u);
        }

        writer.Flush();
        return stream.ToArray();
    }

    private static byte[] Samples(SKBitmap bitmap, bool greyscale)
    {
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, greyscale ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var converted = new SKBitmap(info);
        using (var canvas = new SKCanvas(converted))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        }

        var source = converted.GetPixelSpan();
        if (greyscale)
        {
            return source.ToArray();
        }

        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = source[i];
            rgb[j + 1] = source[i + 1];
            rgb[j + 2] = source[i + 2];
        }

        return rgb;
    }

    /// <summary>Horizontal differencing (each sample minus the same sample of the pixel to its left), then zlib.</summary>
    private static byte[] Deflate(byte[] samples, int rowBytes, int samplesPerPixel)
    {
        for (var row = 0; row < samples.Length; row += rowBytes)
        {
            for (var i = row + rowBytes - 1; i >= row + samplesPerPixel; i--)
            {
                samples[i] -= samples[i - samplesPerPixel];
            }
        }

        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(samples);
        }

        return output.ToArray();
    }

    private static void Align(BinaryWriter writer)
    {
        if (writer.BaseStream.Position % 2 == 1)
        {
            writer.Write((byte)0);
        }
    }

    private static void Patch(MemoryStream stream, long at, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        var position = stream.Position;
        stream.Position = at;
        stream.Write(bytes);
        stream.Position = position;
    }
}
