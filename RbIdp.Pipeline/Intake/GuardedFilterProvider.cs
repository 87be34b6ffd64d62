using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// PdfPig's stream filters, each behind a guard that charges one document's <see cref="PdfBudget"/>: before a
/// Flate, LZW or run-length stream is decompressed, its decompressed size is counted (nothing kept, stopped at the
/// cap), so a bomb is refused after reading at most the cap, never materialised; an image is capped by what its
/// declared size can hold (and refused when that is over the pixel limit), any other stream by
/// <see cref="PdfLimits.MaxStreamBytes"/>. Decoded object streams charge their objects and, with page content,
/// have their nesting checked.
/// </summary>
internal sealed class GuardedFilterProvider(PdfBudget budget, long maxPixels) : IFilterProvider
{
    private readonly IFilterProvider _inner = DefaultFilterProvider.Instance;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (dictionary.TryGet(NameToken.Filter, out var token) || dictionary.TryGet(NameToken.F, out token))
        {
            switch (token)
            {
                case NameToken name:
                    return GetNamedFilters([name]);
                case ArrayToken array when array.Data.All(t => t is NameToken):
                    return GetNamedFilters([.. array.Data.Cast<NameToken>()]);
            }
        }

        return [.. _inner.GetFilters(dictionary).Select(f => new GuardedFilter(f, "", budget, maxPixels))];
    }

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var filters = _inner.GetNamedFilters(names);
        return [.. filters.Select((f, i) => new GuardedFilter(f, i < names.Count ? names[i].Data : "", budget, maxPixels))];
    }

    public IReadOnlyList<IFilter> GetAllFilters() => [.. _inner.GetAllFilters().Select(f => new GuardedFilter(f, "", budget, maxPixels))];

    private sealed class GuardedFilter(IFilter inner, string name, PdfBudget budget, long maxPixels) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            budget.ThrowIfExhausted();
            var image = ImageSize(streamDictionary);
            if (image is { } size && size.Pixels > maxPixels)
            {
                budget.Exhaust($"an image declares {size.Width}×{size.Height} px, over the pixel limit");
            }

            var cap = image is { } declared ? Math.Min(declared.MaxBytes, budget.Limits.MaxDecodedBytes) : budget.Limits.MaxStreamBytes;
            var measured = name switch
            {
                "FlateDecode" or "Fl" => DecompressedSize.Flate(input.Span, cap),
                "LZWDecode" or "LZW" => DecompressedSize.Lzw(input.Span, EarlyChange(streamDictionary), cap),
                "RunLengthDecode" or "RL" => DecompressedSize.RunLength(input.Span, cap),
                _ => 0,
            };
            if (measured > cap)
            {
                budget.Exhaust($"a {name} stream decompresses to more than {cap >> 20} MB");
            }

            var decoded = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            if (decoded.Length > cap)
            {
                budget.Exhaust($"a {(name.Length > 0 ? name : "filtered")} stream decodes to more than {cap >> 20} MB");
            }

            budget.AddDecoded(decoded.Length);
            if (image is null)
            {
                if (IsObjectStream(streamDictionary, out var objects))
                {
                    budget.AddObjects(objects);
                    foreach (var (from, to) in PdfStructure.ObjectStreamAliases(decoded.Span, objects, Number(streamDictionary, NameToken.Create("First")) ?? 0))
                    {
                        budget.AddAlias(from, to);
                    }
                }

                if (PdfStructure.NestingDepth(decoded.Span, budget.Limits.MaxNesting, skipStreamData: false) > budget.Limits.MaxNesting)
                {
                    budget.Exhaust($"a stream's arrays or dictionaries nest deeper than {budget.Limits.MaxNesting} levels");
                }
            }

            budget.ThrowIfExhausted();
            return decoded;
        }

        /// <summary>An image's declared size (XObject <c>/Width /Height</c>, inline <c>/W /H</c>) and the most its samples can take.</summary>
        private static ImageSize? ImageSize(DictionaryToken dictionary)
        {
            var isImage = Name(dictionary, NameToken.Subtype) == "Image";
            if ((Number(dictionary, NameToken.Width) ?? Number(dictionary, NameToken.W)) is { } width
                && (Number(dictionary, NameToken.Height) ?? Number(dictionary, NameToken.H)) is { } height)
            {
                var bits = (int)Math.Clamp(Number(dictionary, NameToken.BitsPerComponent) ?? Number(dictionary, NameToken.Bpc) ?? 8, 1, 16);
                var components = (Name(dictionary, NameToken.ColorSpace) ?? Name(dictionary, NameToken.Create("CS"))) switch
                {
                    "DeviceGray" or "G" => 1,
                    "DeviceRGB" or "RGB" => 3,
                    _ => 4,
                };
                return new ImageSize(Math.Max(0, width), Math.Max(0, height), bits * components);
            }

            return isImage ? new ImageSize(0, 0, 0) : null;
        }

        private static bool IsObjectStream(DictionaryToken dictionary, out long objects)
        {
            objects = Math.Max(0, Number(dictionary, NameToken.N) ?? 0);
            return Name(dictionary, NameToken.Type) == "ObjStm";
        }

        private static int EarlyChange(DictionaryToken dictionary) =>
            dictionary.TryGet(NameToken.DecodeParms, out var parameters) && parameters is DictionaryToken decodeParms
                ? (int)(Number(decodeParms, NameToken.Create("EarlyChange")) ?? 1)
                : 1;

        private static long? Number(DictionaryToken dictionary, NameToken key) =>
            dictionary.TryGet(key, out var token) && token is NumericToken number ? number.Long : null;

        private static string? Name(DictionaryToken dictionary, NameToken key) =>
            dictionary.TryGet(key, out var token) && token is NameToken name ? name.Data : null;
    }

    /// <summary>An image's declared samples, and the most they take: its rows of <paramref name="BitsPerPixel"/>, plus a predictor byte per row.</summary>
    private readonly record struct ImageSize(long Width, long Height, int BitsPerPixel)
    {
        public long Pixels => Width * Height;

        public long MaxBytes => (((Width * BitsPerPixel) + 7) / 8 * Height) + Height + 4096;
    }
}

/// <summary>How many bytes a compressed stream decompresses to, counted without keeping them, up to a cap.</summary>
internal static class DecompressedSize
{
    /// <summary>Zlib/deflate (the 2-byte zlib header skipped, as PdfPig does); damage ends the count.</summary>
    public static long Flate(ReadOnlySpan<byte> compressed, long cap)
    {
        if (compressed.Length <= 2)
        {
            return 0;
        }

        using var source = new MemoryStream(compressed[2..].ToArray(), writable: false);
        using var inflater = new DeflateStream(source, CompressionMode.Decompress);
        var scratch = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while (total <= cap && (read = inflater.Read(scratch)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Damaged from here on: PdfPig keeps what came before, no more.
        }

        return total;
    }

    /// <summary>Run-length (PDF 7.4.5): a length byte, then literal bytes or one byte repeated.</summary>
    public static long RunLength(ReadOnlySpan<byte> compressed, long cap)
    {
        long total = 0;
        for (var i = 0; i < compressed.Length && total <= cap;)
        {
            var length = compressed[i];
            if (length == 128)
            {
                break;
            }

            if (length < 128)
            {
                total += length + 1;
                i += length + 2;
            }
            else
            {
                total += 257 - length;
                i += 2;
            }
        }

        return total;
    }

    /// <summary>
    /// LZW (PDF 7.4.4): only the length of each table entry is tracked (an entry is one longer than the one it
    /// extends), which is all the output's size depends on. 9- to 12-bit codes, 256 clears, 257 ends.
    /// </summary>
    public static long Lzw(ReadOnlySpan<byte> compressed, int earlyChange, long cap)
    {
        const int Clear = 256, End = 257, First = 258, MaxCodes = 4096;
        var lengths = new int[MaxCodes];
        Array.Fill(lengths, 1, 0, 256);
        long total = 0;
        int width = 9, next = First, previous = -1, bits = 0, buffered = 0;
        foreach (var b in compressed)
        {
            buffered = (buffered << 8) | b;
            bits += 8;
            while (bits >= width)
            {
                var code = (buffered >> (bits - width)) & ((1 << width) - 1);
                bits -= width;
                if (code == End)
                {
                    return total;
                }

                if (code == Clear)
                {
                    width = 9;
                    next = First;
                    previous = -1;
                    continue;
                }

                int length;
                if (previous < 0)
                {
                    length = code < 256 ? 1 : 0;
                }
                else
                {
                    length = code < next ? lengths[code] : code == next ? lengths[previous] + 1 : 0;
                    if (length == 0)
                    {
                        return total; // a code not yet defined: damage
                    }

                    if (next < MaxCodes)
                    {
                        lengths[next++] = lengths[previous] + 1;
                    }
                }

                total += length;
                if (total > cap)
                {
                    return total;
                }

                previous = code;
                if (next + earlyChange >= (1 << width) && width < 12)
                {
                    width++;
                }
            }
        }

        return total;
    }
}
