using System.IO.Compression;
using System.Text;

namespace RbIdp.Tests.Intake;

/// <summary>One hostile or broken PDF, named for what it attacks.</summary>
public sealed record PdfAttack(string Name, byte[] File)
{
    public override string ToString() => Name;
}

/// <summary>
/// PDFs built to hurt a parser, generated (nothing is stored): decompression bombs in every kind of stream, nesting
/// deep enough to exhaust a recursive parser's stack, huge or circular <c>/Length</c>s, cross-reference loops and
/// self-references, truncated files, wrong offsets, too many objects, and seeded mutations of a valid document.
/// </summary>
public static class PdfAttacks
{
    private const string Catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    private const string Pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    private const string Font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    private const string Text = "BT /F1 12 Tf 72 720 Td (Deferment request supporting document, page one) Tj ET";

    private static readonly Dictionary<long, byte[]> Bombs = [];

    public static IEnumerable<PdfAttack> All() =>
        Bombs_().Concat(Nesting()).Concat(Lengths()).Concat(CrossReferences()).Concat(SelfReferences())
            .Concat(Truncated()).Concat(WrongOffsets()).Concat(ObjectCounts()).Concat(Mutations());

    /// <summary>A valid one-page document with a text layer (the seed of truncations and mutations).</summary>
    public static byte[] Valid() => Document(Stream("", Encoding.ASCII.GetBytes(Text)));

    /// <summary>A flate stream of <paramref name="size"/> zero bytes: about a thousandth of that compressed.</summary>
    public static byte[] Bomb(long size)
    {
        lock (Bombs)
        {
            if (!Bombs.TryGetValue(size, out var bomb))
            {
                using var compressed = new MemoryStream();
                using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    var zeros = new byte[1 << 20];
                    for (long written = 0; written < size; written += zeros.Length)
                    {
                        zlib.Write(zeros, 0, (int)Math.Min(zeros.Length, size - written));
                    }
                }

                Bombs[size] = bomb = compressed.ToArray();
            }

            return bomb;
        }
    }

    private static IEnumerable<PdfAttack> Bombs_()
    {
        const long Big = 200L << 20;
        yield return new("flate bomb: page content 200 MB", Document(Stream("/Filter /FlateDecode", Bomb(Big))));
        yield return new("flate bomb: page content 80 MB", Document(Stream("/Filter /FlateDecode", Bomb(80L << 20))));
        yield return new("flate bomb: abbreviated /Fl name", Document(Stream("/Filter /Fl", Bomb(Big))));
        yield return new("flate bombs: ten 60 MB content streams, 600 MB together", Raw(
            [Catalog, Pages, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [{string.Join(' ', Enumerable.Range(0, 10).Select(_ => "4 0 R"))}] >>",
             Stream("/Filter /FlateDecode", Bomb(60L << 20))]));
        yield return new("flate bomb: image XObject of 100×100 px", ImageDocument("/Width 100 /Height 100 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /FlateDecode", Bomb(Big)));
        yield return new("flate bomb: image without a size", ImageDocument("/BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode", Bomb(Big)));
        yield return new("image declaring 100000×100000 px", ImageDocument("/Width 100000 /Height 100000 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /FlateDecode", Bomb(1 << 20)));
        yield return new("flate bomb: inline image", Document(Stream("", [.. "q 100 0 0 100 0 0 cm BI /W 100 /H 100 /BPC 8 /CS /G /F /Fl ID "u8, .. Bomb(Big), .. "\nEI Q"u8])));
        yield return new("flate bomb: embedded font file", Raw(
            [Catalog, Pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
             Stream("", Encoding.ASCII.GetBytes(Text)),
             "<< /Type /Font /Subtype /TrueType /BaseFont /Evil /FirstChar 32 /LastChar 126 /Widths [] /FontDescriptor 6 0 R >>",
             "<< /Type /FontDescriptor /FontName /Evil /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>",
             Stream("/Filter /FlateDecode", Bomb(Big))]));
        yield return new("flate bomb: object stream", ObjectStreamDocument(Bomb(Big), "/N 1 /First 4 /Filter /FlateDecode"));
        yield return new("flate bomb: cross-reference stream", XrefStreamBomb());
        var doubled = Deflate(Bomb(Big));
        yield return new("flate bomb: compressed twice", Document(Stream("/Filter [/FlateDecode /FlateDecode]", doubled)));
        yield return new("LZW bomb: page content", Document(Stream("/Filter /LZWDecode", LzwBomb(cycles: 20))));
        yield return new("run-length bomb: page content", Document(Stream("/Filter /RunLengthDecode", RunLengthBomb(2 << 20))));
        yield return new("flate bomb: form XObject", FormDocument("/Filter /FlateDecode", Bomb(Big)));
        yield return new("flate stream of garbage", Document(Stream("/Filter /FlateDecode", [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31))])));
    }

    private static IEnumerable<PdfAttack> Nesting()
    {
        foreach (var depth in new[] { 200, 10_000, 1_000_000 })
        {
            foreach (var (open, close, kind) in new[] { ("[", "]", "arrays"), ("<< /A ", " >>", "dictionaries") })
            {
                var nested = Repeat(open, depth) + "0" + Repeat(close, depth);
                yield return new($"{kind} nested {depth} deep in the catalog", Raw([$"<< /Type /Catalog /Pages 2 0 R /Deep {nested} >>", Pages, PageObject, Stream("", Encoding.ASCII.GetBytes(Text))]));
                yield return new($"{kind} nested {depth} deep in the trailer", Raw([Catalog, Pages, PageObject, Stream("", Encoding.ASCII.GetBytes(Text)), Font], trailerExtra: $"/Deep {nested}"));
                yield return new($"{kind} nested {depth} deep in page content", Document(Stream("", Encoding.ASCII.GetBytes($"{Text} {nested} pop"))));
                yield return new($"{kind} nested {depth} deep in compressed page content", Document(Stream("/Filter /FlateDecode", Deflate(Encoding.ASCII.GetBytes($"{Text} {nested} pop")))));
                yield return new($"{kind} nested {depth} deep in an object stream", ObjectStreamDocument(Deflate(Encoding.ASCII.GetBytes($"4 0 {nested}")), "/N 1 /First 4 /Filter /FlateDecode"));
            }
        }
    }

    private static IEnumerable<PdfAttack> Lengths()
    {
        foreach (var length in new[] { "99999999999", "-1", "0", "2147483648", "4 0 R", "99 0 R", "1.5e300", "/Name", "[1 2]" })
        {
            yield return new($"content /Length {length}", Raw([Catalog, Pages, PageObject, $"<< /Length {length} >>\nstream\n{Text}\nendstream"]));
        }

        yield return new("image /Length 99999999999", ImageDocument("/Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray", new byte[100], length: "99999999999"));
        yield return new("image /Length referring to itself", ImageDocument("/Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray", new byte[100], length: "5 0 R"));
        yield return new("stream without endstream", Raw([Catalog, Pages, PageObject, $"<< /Length 10 >>\nstream\n{Text}"]));
    }

    private static IEnumerable<PdfAttack> CrossReferences()
    {
        var objects = new[] { Catalog, Pages, PageObject, Stream("", Encoding.ASCII.GetBytes(Text)) };
        yield return new("xref /Prev pointing at itself", Raw(objects, prev: PrevKind.Self));
        yield return new("two xref sections pointing at each other", Raw(objects, prev: PrevKind.Loop));
        yield return new("xref /Prev 0", Raw(objects, trailerExtra: "/Prev 0"));
        yield return new("xref /Prev past the end", Raw(objects, trailerExtra: "/Prev 999999999"));
        yield return new("xref /Prev negative", Raw(objects, trailerExtra: "/Prev -5"));
        yield return new("startxref past the end", Raw(objects, startxref: 99_999_999));
        yield return new("startxref 0", Raw(objects, startxref: 0));
        yield return new("startxref negative", Raw(objects, startxref: -1));
        yield return new("no startxref", Cut(Raw(objects), "startxref"));
        yield return new("no xref table", Cut(Raw(objects), "xref\n"));
        yield return new("xref /Size 2147483647", Raw(objects, trailerSize: "2147483647"));
        yield return new("xref subsection of 2147483647 entries", Replace(Raw(objects), "xref\n0 5\n", "xref\n0 2147483647\n"));
        yield return new("xref stream with /Prev pointing at itself", XrefStreamDocument(prevSelf: true));
        yield return new("xref stream with /W [9 9 9]", XrefStreamDocument(widths: "[9 9 9]"));
        yield return new("xref stream with /Index of 2000000000 entries", XrefStreamDocument(index: "[0 2000000000]"));
    }

    private static IEnumerable<PdfAttack> SelfReferences()
    {
        var content = Stream("", Encoding.ASCII.GetBytes(Text));
        yield return new("catalog is a reference to itself", Raw(["1 0 R", Pages, PageObject, content]));
        yield return new("page tree whose kids include itself", Raw([Catalog, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", PageObject, content]));
        yield return new("two page-tree nodes that are each other's kids", Raw([Catalog, "<< /Type /Pages /Kids [5 0 R] /Count 1 >>", PageObject, content, "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"]));
        yield return new("page tree /Count 2147483647", Raw([Catalog, "<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>", PageObject, content]));
        yield return new("page tree /Count -1", Raw([Catalog, "<< /Type /Pages /Kids [3 0 R] /Count -1 >>", PageObject, content]));
        yield return new("page whose content is a reference to itself", Raw([Catalog, Pages, PageObject, "4 0 R"]));
        yield return new("page whose resources refer to themselves", Raw([Catalog, Pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 5 0 R >>", content, "<< /Font 5 0 R /XObject 5 0 R >>"]));
        yield return new("inherited resources through a parent loop", Raw([Catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", content]));
        yield return new("form XObject that draws itself", FormDocument("", Encoding.ASCII.GetBytes("/Fm1 Do"), selfResources: true));
        yield return new("chain of 3000 form XObjects", FormChain(3000));
        yield return new("media box of references to itself", Raw([Catalog, Pages, "<< /Type /Page /Parent 2 0 R /MediaBox 3 0 R /Contents 4 0 R >>", content]));
        yield return new("font whose widths refer to the font", Raw([Catalog, Pages, PageObject, content, "<< /Type /Font /Subtype /TrueType /BaseFont /Loop /FirstChar 32 /LastChar 126 /Widths 5 0 R /FontDescriptor 5 0 R >>"]));
    }

    private static IEnumerable<PdfAttack> Truncated()
    {
        var valid = Valid();
        foreach (var share in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
        {
            yield return new($"truncated to {(int)(share * 100)}%", valid[..(int)(valid.Length * share)]);
        }

        yield return new("last byte missing", valid[..^1]);
        yield return new("header only", Encoding.ASCII.GetBytes("%PDF-1.7\n"));
        yield return new("no trailer", Cut(valid, "trailer"));
    }

    private static IEnumerable<PdfAttack> WrongOffsets()
    {
        var objects = new[] { Catalog, Pages, PageObject, Stream("", Encoding.ASCII.GetBytes(Text)) };
        foreach (var shift in new[] { 7, -7, 100_000, -100_000 })
        {
            yield return new($"xref offsets shifted by {shift}", Raw(objects, offsetShift: shift));
        }

        yield return new("xref offsets all zero", Raw(objects, offsetShift: int.MinValue));
        yield return new("xref offsets into the middle of other objects", Raw(objects, offsetShift: 3));
    }

    private static IEnumerable<PdfAttack> ObjectCounts()
    {
        var many = new List<string> { Catalog, Pages, PageObject, Stream("", Encoding.ASCII.GetBytes(Text)) };
        many.AddRange(Enumerable.Repeat("null", 150_000));
        yield return new("150000 objects", Raw([.. many]));
        yield return new("object stream claiming 10000000 objects", ObjectStreamDocument(Deflate(Encoding.ASCII.GetBytes("4 0 null")), "/N 10000000 /First 4 /Filter /FlateDecode"));
    }

    private static IEnumerable<PdfAttack> Mutations()
    {
        var valid = Valid();
        var random = new Random(20261206);
        for (var i = 0; i < 30; i++)
        {
            var mutated = (byte[])valid.Clone();
            var flips = random.Next(1, 50);
            for (var f = 0; f < flips; f++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            yield return new($"mutation {i + 1}: {flips} random bytes", mutated);
        }

        for (var i = 0; i < 10; i++)
        {
            var at = random.Next(valid.Length);
            var length = random.Next(1, 200);
            var spliced = valid[..at].Concat(valid.Skip(Math.Min(valid.Length, at + length))).Concat(valid[..Math.Min(at, 300)]).ToArray();
            yield return new($"splice {i + 1}: {length} bytes cut at {at}", spliced);
        }
    }

    private const string PageObject = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>";

    private static byte[] Document(string content) => Raw([Catalog, Pages, PageObject, content, Font]);

    private static byte[] ImageDocument(string imageDictionary, byte[] data, string? length = null) => Raw(
        [Catalog, Pages,
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
         Stream("", "q 500 0 0 700 40 60 cm /Im1 Do Q"u8.ToArray()),
         Stream($"/Type /XObject /Subtype /Image {imageDictionary}", data, length)]);

    private static byte[] FormDocument(string filter, byte[] data, bool selfResources = false) => Raw(
        [Catalog, Pages,
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Fm1 5 0 R >> >> >>",
         Stream("", "q /Fm1 Do Q"u8.ToArray()),
         Stream($"/Type /XObject /Subtype /Form /BBox [0 0 595 842] {(selfResources ? "/Resources << /XObject << /Fm1 5 0 R >> >>" : "")} {filter}", data)]);

    private static byte[] FormChain(int length)
    {
        var objects = new List<string>
        {
            Catalog, Pages,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Fm 5 0 R >> >> >>",
            Stream("", "/Fm Do"u8.ToArray()),
        };
        for (var i = 0; i < length; i++)
        {
            var next = i + 1 < length ? $"/Resources << /XObject << /Fm {i + 6} 0 R >> >>" : "";
            objects.Add(Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] {next}", i + 1 < length ? "/Fm Do"u8.ToArray() : []));
        }

        return Raw([.. objects]);
    }

    /// <summary>Page content (object 4) stored in a compressed object stream (object 6), found through a cross-reference stream.</summary>
    private static byte[] ObjectStreamDocument(byte[] objectStream, string dictionary)
    {
        var head = new List<byte[]>
        {
            Encoding.ASCII.GetBytes(Catalog), Encoding.ASCII.GetBytes(Pages), Encoding.ASCII.GetBytes(PageObject),
            Array.Empty<byte>(), Encoding.ASCII.GetBytes(Font),
            Encoding.ASCII.GetBytes(StreamHeader($"/Type /ObjStm {dictionary}", objectStream.Length)).Concat(objectStream).Concat("\nendstream"u8.ToArray()).ToArray(),
        };
        return WithXrefStream(head, compressedObject: 4, inStream: 6);
    }

    private static byte[] XrefStreamDocument(bool prevSelf = false, string widths = "[1 4 2]", string? index = null)
    {
        var objects = new List<byte[]> { Encoding.ASCII.GetBytes(Catalog), Encoding.ASCII.GetBytes(Pages), Encoding.ASCII.GetBytes(PageObject), Encoding.ASCII.GetBytes(Stream("", Encoding.ASCII.GetBytes(Text))), Encoding.ASCII.GetBytes(Font) };
        return WithXrefStream(objects, extra: (prevSelf ? "/Prev {self} " : "") + $"/W {widths} " + (index is null ? "" : $"/Index {index}"));
    }

    private static byte[] XrefStreamBomb()
    {
        var pdf = new MemoryStream();
        pdf.Write("%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "u8);
        var bomb = Bomb(200L << 20);
        pdf.Write(Encoding.ASCII.GetBytes($"/Length {bomb.Length} >>\nstream\n"));
        pdf.Write(bomb);
        pdf.Write("\nendstream\nendobj\nstartxref\n9\n%%EOF\n"u8);
        return pdf.ToArray();
    }

    /// <summary>Objects 1..n written in order, then a cross-reference stream; object <paramref name="compressedObject"/> may live in object stream <paramref name="inStream"/> at index 0.</summary>
    private static byte[] WithXrefStream(List<byte[]> objects, int compressedObject = 0, int inStream = 0, string extra = "/W [1 4 2]")
    {
        var pdf = new MemoryStream();
        pdf.Write("%PDF-1.7\n"u8);
        var offsets = new long[objects.Count + 1];
        for (var i = 0; i < objects.Count; i++)
        {
            if (i + 1 == compressedObject)
            {
                continue;
            }

            offsets[i + 1] = pdf.Position;
            pdf.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }

        var xrefNumber = objects.Count + 1;
        var xrefOffset = pdf.Position;
        var rows = new MemoryStream();
        for (var n = 0; n <= xrefNumber; n++)
        {
            var (type, field2, field3) = n == 0 ? (0, 0L, 65535) : n == compressedObject ? (2, inStream, 0) : n == xrefNumber ? (1, xrefOffset, 0) : (1, offsets[n], 0);
            rows.WriteByte((byte)type);
            rows.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2]);
            rows.Write([(byte)(field3 >> 8), (byte)field3]);
        }

        var dictionary = $"/Type /XRef /Size {xrefNumber + 1} /Root 1 0 R {(extra.Contains("/W", StringComparison.Ordinal) ? "" : "/W [1 4 2] ")}{extra.Replace("{self}", xrefOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}";
        pdf.Write(Encoding.ASCII.GetBytes($"{xrefNumber} 0 obj\n{StreamHeader(dictionary, (int)rows.Length)}"));
        pdf.Write(rows.ToArray());
        pdf.Write(Encoding.ASCII.GetBytes($"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n"));
        return pdf.ToArray();
    }

    private enum PrevKind { None, Self, Loop }

    /// <summary>Objects 1..n, a classic xref table (optionally wrong) and trailer.</summary>
    private static byte[] Raw(string[] objects, PrevKind prev = PrevKind.None, string trailerExtra = "", long? startxref = null,
        int offsetShift = 0, string? trailerSize = null) =>
        Raw([.. objects.Select(o => Encoding.Latin1.GetBytes(o))], prev, trailerExtra, startxref, offsetShift, trailerSize);

    private static byte[] Raw(byte[][] objects, PrevKind prev = PrevKind.None, string trailerExtra = "", long? startxref = null,
        int offsetShift = 0, string? trailerSize = null)
    {
        var pdf = new MemoryStream();
        pdf.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }

        long WriteXref(string prevEntry)
        {
            var at = pdf.Position;
            var table = new StringBuilder($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
            foreach (var offset in offsets)
            {
                var written = offsetShift == int.MinValue ? 0 : Math.Max(0, offset + offsetShift);
                table.Append(System.Globalization.CultureInfo.InvariantCulture, $"{written:D10} 00000 n \n");
            }

            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {trailerSize ?? (objects.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} /Root 1 0 R {prevEntry} {trailerExtra} >>\n");
            pdf.Write(Encoding.Latin1.GetBytes(table.ToString()));
            return at;
        }

        long last;
        switch (prev)
        {
            case PrevKind.Self:
                // The section's own offset is known before it is written.
                last = WriteXref($"/Prev {pdf.Position}");
                break;
            case PrevKind.Loop:
                // The first section points at the second, the second at the first: the placeholder is patched in place.
                var first = WriteXref("/Prev 0000000000");
                last = WriteXref($"/Prev {first}");
                var bytes = pdf.ToArray();
                var marker = bytes.AsSpan().IndexOf("/Prev 0000000000"u8);
                Encoding.ASCII.GetBytes($"/Prev {last:D10}").CopyTo(bytes, marker);
                pdf = new MemoryStream();
                pdf.Write(bytes);
                break;
            default:
                last = WriteXref("");
                break;
        }

        pdf.Write(Encoding.ASCII.GetBytes($"startxref\n{startxref ?? last}\n%%EOF\n"));
        return pdf.ToArray();
    }

    private static string Stream(string dictionary, byte[] data, string? length = null) =>
        StreamHeader(dictionary, data.Length, length) + Encoding.Latin1.GetString(data) + "\nendstream";

    private static string StreamHeader(string dictionary, int length, string? lengthValue = null) =>
        $"<< {dictionary} /Length {lengthValue ?? length.ToString(System.Globalization.CultureInfo.InvariantCulture)} >>\nstream\n";

    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    /// <summary>LZW codes (early change 1) that build ever longer runs of one byte: ~7 MB out per 5 KB in, per cycle.</summary>
    private static byte[] LzwBomb(int cycles)
    {
        var output = new MemoryStream();
        int buffer = 0, bits = 0;
        void Emit(int code, int width)
        {
            buffer = (buffer << width) | code;
            bits += width;
            while (bits >= 8)
            {
                output.WriteByte((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        for (var c = 0; c < cycles; c++)
        {
            Emit(256, 9);
            var width = 9;
            Emit(0, width);
            for (var code = 258; code < 4095; code++)
            {
                Emit(code, width);
                if (code + 1 + 1 >= (1 << width) && width < 12)
                {
                    width++;
                }
            }
        }

        Emit(257, 12);
        if (bits > 0)
        {
            output.WriteByte((byte)(buffer << (8 - bits)));
        }

        return output.ToArray();
    }

    private static byte[] RunLengthBomb(int pairs)
    {
        var data = new byte[(pairs * 2) + 1];
        for (var i = 0; i < pairs; i++)
        {
            data[2 * i] = 129; // 128 copies of the next byte
        }

        data[^1] = 128;
        return data;
    }

    private static string Repeat(string value, int count) => new StringBuilder(value.Length * count).Insert(0, value, count).ToString();

    private static byte[] Cut(byte[] pdf, string from)
    {
        var at = pdf.AsSpan().IndexOf(Encoding.ASCII.GetBytes(from));
        return at < 0 ? pdf : pdf[..at];
    }

    private static byte[] Replace(byte[] pdf, string what, string with) =>
        Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(pdf).Replace(what, with, StringComparison.Ordinal));
}
