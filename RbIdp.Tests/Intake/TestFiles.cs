using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Policy;
using UglyToad.PdfPig.Writer;

namespace RbIdp.Tests.Intake;

/// <summary>Hostile and broken files, and the intake/decoder under the default policy limits.</summary>
internal static class TestFiles
{
    public static IntakeLimits Limits => DeferralPolicy.LoadDefault().Limits;

    public static DocumentIntake Intake(IntakeLimits? limits = null) =>
        new(limits ?? Limits, NullLogger<DocumentIntake>.Instance);

    public static DocumentDecoder Decoder(DecoderOptions? options = null, IntakeLimits? limits = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? new DecoderOptions());
        return new DocumentDecoder(Intake(limits), new PdfRasterizer(wrapped, NullLogger<PdfRasterizer>.Instance), wrapped, NullLogger<DocumentDecoder>.Instance);
    }

    /// <summary>The pages of a file the intake accepts and the decoder decodes (the test fails otherwise).</summary>
    public static async Task<DecodedDocument> DecodeAsync(byte[] file, DecoderOptions? options = null)
    {
        var intake = Intake().Inspect(file);
        Assert.True(intake.IsAccepted, intake.Rejection?.Detail);
        var result = await Decoder(options).DecodeAsync(intake, CancellationToken.None);
        Assert.True(result.Document is not null, result.Rejection?.Detail);
        return result.Document;
    }

    /// <summary>A few hundred bytes claiming a <paramref name="side"/>×<paramref name="side"/> RGBA PNG: decoding would allocate gigabytes.</summary>
    public static byte[] PngBomb(int side)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8;
        header[9] = 6;
        WriteChunk(png, "IHDR", header);
        using var zeros = new MemoryStream();
        using (var deflate = new ZLibStream(zeros, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(new byte[64 * 1024]);
        }

        WriteChunk(png, "IDAT", zeros.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PDF of <paramref name="pages"/> empty A4 pages.</summary>
    public static byte[] BlankPdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < pages; i++)
        {
            builder.AddPage(595, 842);
        }

        return builder.Build();
    }

    /// <summary>
    /// A PDF encrypted with the standard security handler (RC4, revision 2) and a user password that is not
    /// empty: no reader can open it without the password.
    /// </summary>
    public static byte[] EncryptedPdf()
    {
        var o = Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        var u = Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(255 - (i * 5))).ToArray());
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            $"<< /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -44 >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        var id = Convert.ToHexString(new byte[16]);
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(crc);
    }
}
