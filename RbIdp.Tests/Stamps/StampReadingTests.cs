using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Stamps;
using RbIdp.Tests.Synthetic;
using SkiaSharp;

namespace RbIdp.Tests.Stamps;

/// <summary>How the stamp detector reads seals as a clerk would: of any ink strength and seen at an angle, and not mistaking other blue marks for one.</summary>
public sealed class StampReadingTests
{
    private readonly StampDetector _detector = new();

    public static TheoryData<string, Func<StampedPage, StampedPage>, double, double> Seals() => new()
    {
        { "a faded, lightly inked seal", p => p.Seal(60, 240, strength: 0.35), 60, 240 },
        { "a seal under a blue signature", p => p.Seal(60, 240).Signature(40, 240, 95, 236), 60, 240 },
        { "a seal photographed at an angle (ellipse)", p => p.Seal(60, 240, squeeze: 0.75), 60, 240 },
        { "a seal partly off the page edge", p => p.Seal(8, 200), 8, 200 },
        { "a violet seal", p => p.Seal(150, 250, color: InkColor.Violet), 150, 250 },
        { "a seal photographed under warm light", p => p.Seal(60, 240, strength: 0.7).WarmColourCast(), 60, 240 },
        { "a faded seal in a low-quality JPEG scan", p => p.Seal(60, 240, strength: 0.45).Jpeg(50), 60, 240 },
    };

    [Theory]
    [MemberData(nameof(Seals))]
    public void Finds_the_seal(string description, Func<StampedPage, StampedPage> draw, double xMm, double yMm)
    {
        using var page = draw(new StampedPage());

        var finding = _detector.Detect(page.Bitmap, StampedPage.Dpi, pageNumber: 1);

        Assert.True(finding.Status == StampStatus.Found, $"{description}: {StampDetectorTests.Describe(finding)}");
        Assert.NotEqual(StampShapeKind.Rectangular, finding.Shape);
        var box = finding.Box!;
        var centre = (X: box.X + (box.Width / 2.0), Y: box.Y + (box.Height / 2.0));
        var (x, y) = (StampedPage.Mm(xMm), StampedPage.Mm(yMm));

        // A seal cut by the page edge has its box cut there too.
        Assert.True(
            Math.Abs(centre.Y - y) < StampedPage.Mm(6) && (Math.Abs(centre.X - x) < StampedPage.Mm(6) || box.X == 0),
            $"{description}: box {box}, seal centred at ({x:F0}, {y:F0})");
        Assert.Contains(finding.Candidates, c => c.Accepted && c.Box == box && c.Page == 1);
    }

    [Fact]
    public void A_seal_seen_at_an_angle_is_reported_as_elliptical()
    {
        using var page = new StampedPage().Seal(60, 240, squeeze: 0.72);

        var finding = _detector.Detect(page.Bitmap, StampedPage.Dpi);

        Assert.Equal(StampShapeKind.Elliptical, finding.Shape);
        Assert.InRange(finding.Box!.Height / (double)finding.Box.Width, 0.62, 0.82);
    }

    public static TheoryData<string, Func<StampedPage, StampedPage>> NotSeals() => new()
    {
        { "a blue signature alone", p => p.Signature(40, 240, 95, 236).Signature(120, 180, 170, 176) },
        { "a blue letterhead with a small round logo", p => p.BlueHeaderWithLogo(18) },
        { "a blue letterhead with a large filled round logo", p => p.BlueHeaderWithLogo(32) },
        { "a table ruled in blue, cells of stamp size", p => p.BlueTable(25, 120, 3, 4, 50, 22) },
        { "a table ruled in blue, narrow rows", p => p.BlueTable(25, 120, 4, 8, 40, 8) },
        { "a bare «М.П.» in blue", p => p.SealPlaceholder(InkPainter.SignatureBlue) },
        { "a bare «М.П.» in black", p => p.SealPlaceholder(new SKColor(20, 20, 20)) },
        { "a registration stamp with blanks to fill", p => p.RegistrationStamp(120, 230) },
        { "everything but a seal, under warm light", p => p.BlueHeaderWithLogo(18).BlueTable(25, 120, 3, 4, 50, 22).Signature(40, 240, 95, 236).WarmColourCast() },
    };

    [Theory]
    [MemberData(nameof(NotSeals))]
    public void Is_not_fooled_by(string description, Func<StampedPage, StampedPage> draw)
    {
        using var page = draw(new StampedPage());

        var finding = _detector.Detect(page.Bitmap, StampedPage.Dpi, pageNumber: 1);

        Assert.True(finding.Status != StampStatus.Found, $"{description}: {StampDetectorTests.Describe(finding)}");
        Assert.Null(finding.Box);
        Assert.All(finding.Candidates, c => Assert.False(c.Accepted, c.Decision));
    }

    [Fact]
    public void A_rectangular_stamp_crossed_by_a_signature_that_runs_out_of_its_frame_is_found()
    {
        // The signature joins the frame into one outline far larger than a stamp; the frame's straight rules still close it.
        using var page = new StampedPage().RectangularStamp(30, 220).Signature(45, 238, 110, 205);

        var finding = _detector.Detect(page.Bitmap, StampedPage.Dpi, pageNumber: 1);

        Assert.True(finding.Status == StampStatus.Found, StampDetectorTests.Describe(finding));
        Assert.Equal(StampShapeKind.Rectangular, finding.Shape);
        Assert.InRange(finding.Box!.X, StampedPage.Mm(27), StampedPage.Mm(33));
    }

    [Fact]
    public void A_registration_stamp_is_refused_for_its_ruled_blanks()
    {
        using var page = new StampedPage().RegistrationStamp(120, 230);

        var finding = _detector.Detect(page.Bitmap, StampedPage.Dpi, pageNumber: 1);

        Assert.Contains(finding.Candidates, c => c.Shape == StampShapeKind.Rectangular && c.Decision.StartsWith("registration stamp", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_candidate_is_recorded_with_its_cues_and_decision()
    {
        using var page = new StampedPage().Seal(60, 240).Signature(120, 180, 170, 176);

        var finding = _detector.Detect([(page.Bitmap, StampedPage.Dpi)]);

        var accepted = Assert.Single(finding.Candidates, c => c.Accepted && c.Box == finding.Box);
        Assert.Equal(finding.Score, accepted.Score);
        Assert.InRange(accepted.Cues["ring_coverage"], 0.8, 1);
        Assert.InRange(accepted.Cues["diameter_mm"], 36, 44);
        Assert.All(finding.Candidates, c =>
        {
            Assert.Equal(1, c.Page);
            Assert.NotEmpty(c.Cues);
            Assert.Equal(c.Accepted, c.Score >= 0.5);
        });
    }

    [Fact]
    public void The_decision_threshold_comes_from_the_policy()
    {
        using var page = new StampedPage().Seal(60, 240, strength: 0.35);
        var policy = DeferralPolicy.LoadDefault();
        var usual = new StampDetector(StampDetectorOptions.FromPolicy(policy)).Detect(page.Bitmap, StampedPage.Dpi);
        var stricter = policy with { Thresholds = policy.Thresholds with { StampMinScore = usual.Score + 0.001 } };

        var demanding = new StampDetector(StampDetectorOptions.FromPolicy(stricter)).Detect(page.Bitmap, StampedPage.Dpi);

        Assert.Equal(StampStatus.Found, usual.Status);
        Assert.Equal(StampStatus.NotFound, demanding.Status);
        Assert.Contains(demanding.Candidates, c => c.Decision.StartsWith("score", StringComparison.Ordinal));
    }
}
