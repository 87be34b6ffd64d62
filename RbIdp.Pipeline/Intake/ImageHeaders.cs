using System.Buffers.Binary;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// Reads page sizes from image headers without decoding a single pixel, so that a decompression bomb is refused
/// before anything is allocated for it. Each reader returns null when the header is missing or malformed.
/// </summary>
internal static class ImageHeaders
{
    /// <summary>An IFD chain longer than this is treated as corrupt (a loop or a hostile file).</summary>
    private const int MaxTiffPages = 1000;

    private static ReadOnlySpan<byte> PngEnd => [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>The IHDR chunk of a PNG, and an IEND at the end (a missing one means a truncated file).</summary>
    public static PageHeader? ReadPng(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 + 25 + 12 || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        var tail = png[^Math.Min(png.Length, 64)..];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue || tail.IndexOf(PngEnd) < 0)
        {
            return null;
        }

        return new PageHeader((int)width, (int)height);
    }

    /// <summary>The first start-of-frame marker of a JPEG, found by walking the marker segments.</summary>
    public static PageHeader? ReadJpeg(ReadOnlySpan<byte> jpeg)
    {
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return null;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return null;
            }

            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                if (length < 7)
                {
                    return null;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 7)..]);
                return width == 0 || height == 0 ? null : new PageHeader(width, height);
            }

            at += 2 + length;
        }

        return null;
    }

    /// <summary>Every page (IFD) of a TIFF with its ImageWidth/ImageLength tags; null for a broken chain.</summary>
    public static IReadOnlyList<PageHeader>? ReadTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return null;
        }

        var littleEndian = tiff[0] == 0x49;
        var pages = new List<PageHeader>();
        var seen = new HashSet<uint>();
        var offset = ReadUInt32(tiff, 4, littleEndian);
        while (offset != 0)
        {
            if (pages.Count >= MaxTiffPages || !seen.Add(offset) || offset > tiff.Length - 2)
            {
                return null;
            }

            var entries = ReadUInt16(tiff, (int)offset, littleEndian);
            var entriesEnd = (long)offset + 2 + (entries * 12L);
            if (entriesEnd + 4 > tiff.Length)
            {
                return null;
            }

            int width = 0, height = 0;
            for (var i = 0; i < entries; i++)
            {
                var entry = (int)offset + 2 + (i * 12);
                var tag = ReadUInt16(tiff, entry, littleEndian);
                var type = ReadUInt16(tiff, entry + 2, littleEndian);
                var value = type switch
                {
                    3 => ReadUInt16(tiff, entry + 8, littleEndian),
                    4 => ReadUInt32(tiff, entry + 8, littleEndian),
                    _ => 0u,
                };
                var clamped = (int)Math.Min(value, int.MaxValue);
                if (tag == 256)
                {
                    width = clamped;
                }
                else if (tag == 257)
                {
                    height = clamped;
                }
            }

            if (width == 0 || height == 0)
            {
                return null;
            }

            pages.Add(new PageHeader(width, height));
            offset = ReadUInt32(tiff, (int)entriesEnd, littleEndian);
        }

        return pages.Count == 0 ? null : pages;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint ReadUInt32(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
}
