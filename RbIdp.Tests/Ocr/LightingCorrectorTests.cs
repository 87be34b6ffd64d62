using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Ocr;

public sealed class LightingCorrectorTests
{
    [Fact]
    public void An_evenly_lit_scan_is_left_exactly_as_it_is()
    {
        using var page = TestPages.Render(seed: 2, look: new PageLook(Scanned: true));

        Assert.Null(LightingCorrector.Correct(GrayImage.FromBitmap(page.Image), page.Dpi));
    }

    [Fact]
    public void In_a_shadowed_photo_the_paper_comes_up_white_and_a_global_threshold_finds_just_the_print_again()
    {
        using var lit = TestPages.Render(seed: 2);
        using var page = TestPages.Render(seed: 2, look: new PageLook(Shadowed: true));
        var shadowed = GrayImage.FromBitmap(page.Image);
        var (blank, print) = (Region(shadowed, 0.9, 0.97), Region(shadowed, 0.08, 0.64));
        var printed = InkShare(GrayImage.FromBitmap(lit.Image), print);
        Assert.True(InkShare(shadowed, print) > 0.3, "the test page is not shadowed: its dark side does not read as ink");

        var corrected = LightingCorrector.Correct(shadowed, page.Dpi);

        Assert.NotNull(corrected);
        Assert.InRange(Median(corrected, blank), 235, 255);
        Assert.InRange(InkShare(corrected, print), printed * 0.7, printed * 1.3);
    }

    /// <summary>A band of rows at the given fractions of the page height, in the right-hand half (in the shadow).</summary>
    private static (int X0, int Y0, int X1, int Y1) Region(GrayImage image, double from, double to) =>
        (image.Width / 2, (int)(image.Height * from), image.Width, (int)(image.Height * to));

    /// <summary>The share of pixels a global threshold at mid-grey takes for ink.</summary>
    private static double InkShare(GrayImage image, (int X0, int Y0, int X1, int Y1) region) =>
        Pixels(image, region).Average(p => p < 128 ? 1.0 : 0.0);

    private static int Median(GrayImage image, (int X0, int Y0, int X1, int Y1) region) =>
        Pixels(image, region).Order().ElementAt(Pixels(image, region).Count() / 2);

    private static IEnumerable<int> Pixels(GrayImage image, (int X0, int Y0, int X1, int Y1) r)
    {
        for (var y = r.Y0; y < r.Y1; y += 3)
        {
            for (var x = r.X0; x < r.X1; x += 3)
            {
                yield return image[x, y];
            }
        }
    }
}
