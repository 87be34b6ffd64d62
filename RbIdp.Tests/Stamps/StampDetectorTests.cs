using System.Diagnostics;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Stamps;
using RbIdp.Tests.Synthetic;

namespace RbIdp.Tests.Stamps;

public sealed class StampDetectorTests
{
    private static readonly DateOnly Issued = new(2026, 11, 10);
    private readonly StampDetector _detector = new();

    public static TheoryData<string, DocumentSpec> StampedPages() => new()
    {
        { "plain, in the margin", Spec(DocumentType.MedicalCertificate, 1) with { Stamp = new StampSpec() } },
        { "over the printed text", Spec(DocumentType.UnemploymentCertificate, 2) with { Stamp = new StampSpec(OverText: true) } },
        { "crossed by a blue signature", Spec(DocumentType.EmergencyCertificate, 3) with { Stamp = new StampSpec(OverText: true), SignatureOverStamp = true } },
        { "violet ink", Spec(DocumentType.BirthCertificate, 4) with { Stamp = new StampSpec(Color: InkColor.Violet) } },
        { "small (32 mm), blue header", Spec(DocumentType.DisabilityCertificate, 5) with { Stamp = new StampSpec(DiameterMm: 32), BlueHeader = true } },
        { "page rotated 90°", Spec(DocumentType.MobilizationNotice, 6) with { Stamp = new StampSpec(), Scan = new ScanEffects { Rotation = 90 } } },
        { "page upside down, 200 DPI", Spec(DocumentType.EmploymentRecord, 7) with { Stamp = new StampSpec(OverText: true), Dpi = 200, Scan = new ScanEffects { Rotation = 180 } } },
        { "skewed phone photo", Spec(DocumentType.MedicalCertificate, 8) with { Stamp = new StampSpec(Color: InkColor.Violet), SignatureOverStamp = true, Scan = new ScanEffects { SkewDegrees = 2, BlurSigma = 1, NoiseSigma = 10, JpegQuality = 55 } } },
        { "rectangular", Spec(DocumentType.EmploymentRecord, 9) with { Stamp = new StampSpec(StampShape.Rectangular) } },
    };

    [Theory]
    [MemberData(nameof(StampedPages))]
    public void Finds_the_stamp_near_its_true_place(string description, DocumentSpec spec)
    {
        using var document = DocumentGenerator.Render(spec);
        var truth = document.Labels.Stamp!;

        var finding = _detector.Detect(document.Pages[0].Bitmap, spec.Dpi, pageNumber: 1);

        Assert.True(finding.Status == StampStatus.Found, $"{description}: {Describe(finding)}");
        Assert.InRange(finding.Score, 0.5, 1.0);
        Assert.Equal(1, finding.Page);
        var box = finding.Box!;
        var (cx, cy) = (box.X + (box.Width / 2.0), box.Y + (box.Height / 2.0));
        var offset = Math.Sqrt(((cx - truth.CenterX) * (cx - truth.CenterX)) + ((cy - truth.CenterY) * (cy - truth.CenterY)));
        Assert.True(offset < truth.Radius * 0.25, $"{description}: box centre ({cx:F0}, {cy:F0}) is {offset:F0} px from the stamp's ({truth.CenterX:F0}, {truth.CenterY:F0})");
        if (truth.Shape == StampShape.Round)
        {
            Assert.InRange(box.Width, truth.Radius * 1.6, truth.Radius * 2.4);
        }
    }

    public static TheoryData<DocumentType> AllTypes() => new(Enum.GetValues<DocumentType>());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Blue_signature_and_blue_header_are_not_a_stamp(DocumentType type)
    {
        using var document = DocumentGenerator.Render(Spec(type, 20 + (int)type) with { BlueHeader = true, Dpi = 150 });

        var finding = _detector.Detect(document.Pages[0].Bitmap, 150);

        Assert.True(finding.Status == StampStatus.NotFound, finding.ToString());
        Assert.Null(finding.Box);
        Assert.InRange(finding.Score, 0, 0.5);
    }

    [Fact]
    public void A_colour_scan_without_any_ink_has_no_stamp()
    {
        using var document = DocumentGenerator.Render(Spec(DocumentType.MedicalCertificate, 30) with { Signature = false, Scan = new ScanEffects { NoiseSigma = 6 } });

        Assert.Equal(StampStatus.NotFound, _detector.Detect(document.Pages[0].Bitmap, 300).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_greyscale_page_is_unknown_not_a_missing_stamp(bool stamped)
    {
        using var document = DocumentGenerator.Render(Spec(DocumentType.DisabilityCertificate, 31) with
        {
            Stamp = stamped ? new StampSpec() : null,
            Scan = new ScanEffects { Greyscale = true, NoiseSigma = 6, JpegQuality = 80 },
        });

        var finding = _detector.Detect(document.Pages[0].Bitmap, 300, pageNumber: 1);

        Assert.Equal(StampStatus.Unknown, finding.Status);
        Assert.Null(finding.Box);
    }

    [Fact]
    public void A_grey_page_stored_as_RGB_is_unknown_too()
    {
        using var document = DocumentGenerator.Render(Spec(DocumentType.DisabilityCertificate, 32) with { Stamp = new StampSpec(), Scan = new ScanEffects { Greyscale = true } });
        using var rgb = document.Pages[0].Bitmap.Copy(SkiaSharp.SKColorType.Rgba8888);

        Assert.Equal(StampStatus.Unknown, _detector.Detect(rgb, 300).Status);
    }

    [Fact]
    public void Over_several_pages_reports_the_page_with_the_stamp()
    {
        using var first = DocumentGenerator.Render(Spec(DocumentType.IncomeCertificate, 33) with { Scan = new ScanEffects { NoiseSigma = 5 } });
        using var second = DocumentGenerator.Render(Spec(DocumentType.EmergencyCertificate, 34) with { Stamp = new StampSpec() });

        var finding = _detector.Detect([(first.Pages[0].Bitmap, 300), (second.Pages[0].Bitmap, 300)]);

        Assert.Equal(StampStatus.Found, finding.Status);
        Assert.Equal(2, finding.Page);
    }

    [Fact]
    public void Is_fast_and_safe_to_share_between_threads()
    {
        using var document = DocumentGenerator.Render(Spec(DocumentType.MedicalCertificate, 35) with { Stamp = new StampSpec(OverText: true), SignatureOverStamp = true });
        var page = document.Pages[0].Bitmap;
        _detector.Detect(page, 300);

        var watch = Stopwatch.StartNew();
        var findings = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(2).Select(_ => _detector.Detect(page, 300)).ToList();
        watch.Stop();

        Assert.All(findings, f => Assert.Equal(findings[0], f));
        Assert.Equal(StampStatus.Found, findings[0].Status);
        Assert.True(watch.ElapsedMilliseconds < 4 * 1000, $"4 A4 pages at 300 DPI took {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>The finding and its best candidates with their decisions, for a failure message.</summary>
    internal static string Describe(StampFinding finding) =>
        $"{finding.Status} {finding.Score}; candidates:\n  " + string.Join("\n  ", finding.Candidates.Take(4).Select(c =>
            $"{c.Shape} {c.Score} {c.Box} {c.Decision} | {string.Join(' ', c.Cues.Select(cue => $"{cue.Key}={cue.Value}"))}"));

    private static DocumentSpec Spec(DocumentType type, int seed) =>
        new(type, "Соколова Анна Дмитриевна", Issued) { Seed = seed };
}
