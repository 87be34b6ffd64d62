using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using SkiaSharp;

namespace RbIdp.Tests.Processing;

/// <summary>
/// What the stages make of a document, slot by slot: each written once and read after, a fault in the stages' order
/// said with the slot's name; the work releases the page images it holds; the answer's extracted data are read off it.
/// </summary>
public sealed class DocumentWorkTests
{
    [Fact]
    public void A_slot_read_before_a_stage_wrote_it_names_the_slot()
    {
        using var work = new DocumentWork();

        var fault = Assert.Throws<InvalidOperationException>(() => work.Decoded.Value);

        Assert.Contains("slot Decoded is read before a stage wrote it", fault.Message, StringComparison.Ordinal);
        Assert.Null(work.Stamp.ValueOrDefault); // a stage that can do without it asks for it so
    }

    [Fact]
    public void A_slot_written_twice_names_the_slot_and_keeps_the_first_value()
    {
        using var work = new DocumentWork();
        var first = StampFinding.NotFound();
        work.Stamp.Write(first);

        var fault = Assert.Throws<InvalidOperationException>(() => work.Stamp.Write(StampFinding.Unknown()));

        Assert.Contains("slot Stamp is written twice", fault.Message, StringComparison.Ordinal);
        Assert.Same(first, work.Stamp.Value);
    }

    [Fact]
    public void Disposing_the_work_releases_the_page_images_it_holds()
    {
        var image = new SKBitmap(4, 4);
        var work = new DocumentWork();
        work.Decoded.Write(new DecodedDocument(DocumentFormat.Png, [new DecodedPage(1, null, image, 300)]));

        work.Dispose();

        Assert.Equal(IntPtr.Zero, image.Handle);
    }

    [Fact]
    public void The_page_count_is_the_headers_until_the_text_is_read_then_the_pages_read()
    {
        using var work = new DocumentWork();
        Assert.Equal(new ExtractedData(), work.Extracted);

        work.Intake.Write(IntakeResult.Accepted(DocumentFormat.Tiff, new byte[] { 1 }, [new PageHeader(10, 10), new PageHeader(10, 10)]));
        Assert.Equal(2, work.Extracted.Pages);
        Assert.Null(work.Extracted.OcrConfidence);

        work.Ocr.Write(new OcrDocument([new OcrPage(1, "текст", [], 100, TextSource.TextLayer, 0, 0, 100, 100, 300)]));
        Assert.Equal(1, work.Extracted.Pages);
        Assert.Equal(100, work.Extracted.OcrConfidence); // a text layer is read surely
    }
}
