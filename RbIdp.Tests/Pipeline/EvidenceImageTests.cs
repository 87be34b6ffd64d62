using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.EvidenceImages;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Synthetic;
using SkiaSharp;

namespace RbIdp.Tests.Pipeline;

/// <summary>A reviewer looking at a run sees in one glance what the machine saw: each page with the name, the date and the stamp boxed.</summary>
public sealed class EvidenceImageTests
{
    [Fact]
    public async Task Every_page_image_gets_an_evidence_image_listed_with_the_artifacts_showing_name_date_and_stamp()
    {
        await using var host = new PipelineHost();
        var applied = new DateOnly(2026, 11, 20);
        var spec = new DocumentSpec(DocumentType.MedicalCertificate, "Иванов Иван Петрович", applied.AddDays(-5)) { Stamp = new StampSpec(), Seed = 7 };
        var file = PdfFactory.Encode(FileFormat.Png, DocumentGenerator.Render(spec));

        var outcome = await host.RunAsync(file, "Иванов Иван Петрович", DeferralReason.Illness, DocumentType.MedicalCertificate, applied);

        var answer = outcome.Answer!;
        Assert.Equal(Verdict.Approved, answer.Verdict);
        var key = answer.Artifacts[ArtifactKeys.EvidenceImage(1)];
        await using var stored = await host.Store.OpenReadAsync(key, CancellationToken.None);
        using var image = SKBitmap.Decode(stored!);
        Assert.True(Math.Max(image.Width, image.Height) <= EvidencePainter.MaxSide);
        Assert.True(CountOf(image, IsRed) > 200, "the accepted stamp is boxed in red");
        Assert.True(CountOf(image, IsGreen) > 100, "the subject's name is boxed in green");
        Assert.True(CountOf(image, IsBlue) > 100, "the issue date is boxed in blue");
    }

    [Fact]
    public void A_refused_candidate_is_drawn_apart_from_an_accepted_one()
    {
        using var page = new SKBitmap(800, 1000);
        page.Erase(SKColors.White);

        var accepted = Decode(EvidencePainter.Paint(page, [new EvidenceMark(EvidenceKind.StampAccepted, new BoundingBox(100, 100, 200, 200), "stamp 0.90")]));
        var refused = Decode(EvidencePainter.Paint(page, [new EvidenceMark(EvidenceKind.StampRefused, new BoundingBox(100, 100, 200, 200), "stamp 0.20 refused")]));

        Assert.True(CountOf(accepted, IsRed) > 500);
        Assert.Equal(0, CountOf(refused, IsRed));
        Assert.True(CountOf(refused, c => c.Red > 200 && c.Green is > 100 and < 180 && c.Blue < 60) > 200, "refused candidates are orange");
    }

    [Fact]
    public void The_evidence_image_is_an_rgb_png_without_an_alpha_channel()
    {
        using var page = new SKBitmap(800, 1000);
        page.Erase(SKColors.White);

        var png = EvidencePainter.Paint(page, [new EvidenceMark(EvidenceKind.Date, new BoundingBox(100, 100, 200, 40), "date 2026-11-20 (issued)")]);

        // IHDR: width and height at bytes 16–23, bit depth at 24, colour type at 25 (2: RGB; 6 would be RGBA).
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(((byte)8, (byte)2), (png[24], png[25]));
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png);

    private static bool IsRed(SKColor c) => c.Red > 180 && c.Green < 60 && c.Blue < 60;

    private static bool IsGreen(SKColor c) => c.Green > 120 && c.Red < 60 && c.Blue < 100;

    private static bool IsBlue(SKColor c) => c.Blue > 180 && c.Red < 40 && c.Green is > 60 and < 130;

    private static int CountOf(SKBitmap image, Func<SKColor, bool> test)
    {
        var count = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                count += test(image.GetPixel(x, y)) ? 1 : 0;
            }
        }

        return count;
    }
}
