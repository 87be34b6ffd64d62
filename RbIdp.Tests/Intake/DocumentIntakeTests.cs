using System.Diagnostics;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Ocr;
using RbIdp.Tests.Synthetic;

namespace RbIdp.Tests.Intake;

public sealed class DocumentIntakeTests
{
    [Fact]
    public void Zero_byte_file_is_unreadable()
    {
        var result = TestFiles.Intake().Inspect(ReadOnlyMemory<byte>.Empty);

        Assert.False(result.IsAccepted);
        Assert.Equal(IntakeRejection.Unreadable, result.Rejection!.Reason);
        Assert.Equal(ErrorCode.UnreadableDocument, result.Error!.Code);
        Assert.Equal(ErrorSource.Intake, result.Error.Source);
    }

    [Fact]
    public void Garbage_bytes_are_refused_as_an_unsupported_format()
    {
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        garbage[0] = (byte)'G';

        var result = TestFiles.Intake().Inspect(garbage);

        Assert.Equal(IntakeRejection.UnsupportedFormat, result.Rejection!.Reason);
        Assert.Equal(ErrorCode.UnreadableDocument, result.Error!.Code);
    }

    [Theory]
    [InlineData(FileFormat.Png, DocumentFormat.Png)]
    [InlineData(FileFormat.Jpeg, DocumentFormat.Jpeg)]
    [InlineData(FileFormat.Tiff, DocumentFormat.Tiff)]
    [InlineData(FileFormat.ScannedPdf, DocumentFormat.Pdf)]
    public void Format_is_recognised_by_its_magic_bytes_and_page_size_read_from_the_header(FileFormat file, DocumentFormat expected)
    {
        using var page = TestPages.Render(seed: 1, lineCount: 2);
        var synthetic = new SyntheticPage(page.Image.Copy(), 300);
        var bytes = file switch
        {
            FileFormat.Png => synthetic.ToPng(),
            FileFormat.Jpeg => synthetic.ToJpeg(),
            FileFormat.Tiff => PdfFactory.Tiff([synthetic], greyscale: true),
            _ => PdfFactory.ScannedPdf([synthetic]),
        };

        var result = TestFiles.Intake().Inspect(bytes);

        Assert.True(result.IsAccepted, result.Rejection?.Detail);
        Assert.Equal(expected, result.Format);
        Assert.Equal(1, result.PageCount);
        if (expected != DocumentFormat.Pdf)
        {
            Assert.Equal(new PageHeader(2480, 3508), result.Pages[0]);
        }
    }

    [Fact]
    public void Png_bomb_of_30000_by_30000_pixels_is_refused_without_allocating_it()
    {
        var bomb = TestFiles.PngBomb(30_000);
        Assert.True(bomb.Length < 1024, $"the bomb is {bomb.Length} bytes");
        var intake = TestFiles.Intake();
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var result = intake.Inspect(bomb);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 64 * 1024);
        Assert.True(Process.GetCurrentProcess().WorkingSet64 - workingSet < 64L * 1024 * 1024);
        Assert.Equal(IntakeRejection.ImageTooLarge, result.Rejection!.Reason);
        Assert.Equal(ErrorCode.UnreadableDocument, result.Error!.Code);
    }

    [Fact]
    public void Png_without_its_end_chunk_is_unreadable()
    {
        using var page = TestPages.Render(seed: 1, lineCount: 2);
        var png = TestPages.EncodePng(page.Image);

        var result = TestFiles.Intake().Inspect(png.AsMemory(0, png.Length / 2));

        Assert.Equal(IntakeRejection.Unreadable, result.Rejection!.Reason);
    }

    [Fact]
    public void Pdf_over_the_page_limit_is_refused()
    {
        var limits = TestFiles.Limits;
        var pdf = TestFiles.BlankPdf(limits.MaxPages + 1);

        var result = TestFiles.Intake().Inspect(pdf);

        Assert.Equal(IntakeRejection.TooManyPages, result.Rejection!.Reason);
        Assert.Contains($"{limits.MaxPages + 1} pages", result.Rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_at_the_page_limit_is_accepted()
    {
        var result = TestFiles.Intake().Inspect(TestFiles.BlankPdf(TestFiles.Limits.MaxPages));

        Assert.True(result.IsAccepted);
        Assert.Equal(TestFiles.Limits.MaxPages, result.PageCount);
    }

    [Fact]
    public void Password_protected_pdf_is_refused_as_encrypted()
    {
        var result = TestFiles.Intake().Inspect(TestFiles.EncryptedPdf());

        Assert.Equal(IntakeRejection.Encrypted, result.Rejection!.Reason);
        Assert.Equal(ErrorCode.UnreadableDocument, result.Error!.Code);
    }

    [Fact]
    public void Truncated_pdf_is_unreadable()
    {
        var pdf = TestFiles.BlankPdf(2);

        var result = TestFiles.Intake().Inspect(pdf.AsMemory(0, pdf.Length / 3));

        Assert.Equal(IntakeRejection.Unreadable, result.Rejection!.Reason);
    }

    [Fact]
    public async Task Stream_over_the_size_limit_is_refused_after_reading_one_chunk_past_it()
    {
        var limits = TestFiles.Limits with { MaxFileBytes = 100_000 };
        var stream = new MemoryStream(new byte[1_000_000]);

        var result = await TestFiles.Intake(limits).ReadAsync(stream, CancellationToken.None);

        Assert.Equal(IntakeRejection.FileTooLarge, result.Rejection!.Reason);
        Assert.True(stream.Position < 300_000, $"read {stream.Position} bytes");
    }

    [Fact]
    public void Tiff_with_more_pages_than_allowed_is_refused_from_its_page_directory()
    {
        using var page = TestPages.Render(seed: 1, lineCount: 1, look: new PageLook(Dpi: 50));
        var tiff = TiffWriter.Write(Enumerable.Repeat((page.Image, 50), 3), greyscale: true);
        var limits = TestFiles.Limits with { MaxPages = 2 };

        Assert.True(TestFiles.Intake().Inspect(tiff).IsAccepted);
        Assert.Equal(IntakeRejection.TooManyPages, TestFiles.Intake(limits).Inspect(tiff).Rejection!.Reason);
    }

    [Fact]
    public void Image_over_the_pixels_per_side_limit_is_refused()
    {
        using var page = TestPages.Render(seed: 1, lineCount: 1);
        var limits = new IntakeLimits(20_000_000, 10, MaxPixelsPerSide: 3000, MaxPixelsPerPage: 80_000_000);

        var result = TestFiles.Intake(limits).Inspect(TestPages.EncodeJpeg(page.Image));

        Assert.Equal(IntakeRejection.ImageTooLarge, result.Rejection!.Reason);
    }
}
