using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Intake;

/// <summary>A file type the service accepts, as recognised by its magic bytes (never by its name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentFormat>))]
public enum DocumentFormat
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("pdf")] Pdf,
    [JsonStringEnumMemberName("jpeg")] Jpeg,
    [JsonStringEnumMemberName("png")] Png,
    [JsonStringEnumMemberName("tiff")] Tiff,
}

/// <summary>Recognises a <see cref="DocumentFormat"/> from the first bytes of a file.</summary>
public static class MagicBytes
{
    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> TiffLittleEndian => [0x49, 0x49, 0x2A, 0x00];

    private static ReadOnlySpan<byte> TiffBigEndian => [0x4D, 0x4D, 0x00, 0x2A];

    /// <summary>How far into a PDF the header may start (some producers put junk before it).</summary>
    private const int PdfHeaderWindow = 1024;

    /// <summary>How many leading bytes <see cref="Detect"/> needs at most to decide.</summary>
    public const int HeaderWindow = PdfHeaderWindow;

    public static DocumentFormat Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Png))
        {
            return DocumentFormat.Png;
        }

        if (content.StartsWith(Jpeg))
        {
            return DocumentFormat.Jpeg;
        }

        if (content.StartsWith(TiffLittleEndian) || content.StartsWith(TiffBigEndian))
        {
            return DocumentFormat.Tiff;
        }

        return content[..Math.Min(content.Length, PdfHeaderWindow)].IndexOf(Pdf) >= 0
            ? DocumentFormat.Pdf
            : DocumentFormat.Unknown;
    }
}
