using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Ocr;

[Collection(OcrTestGroup.Name)]
public sealed class PageSplittingTests(OcrFixture ocr)
{
    [Fact]
    public void A_page_is_cut_only_where_a_row_of_paper_runs_blank_and_its_bands_cover_it_top_to_bottom()
    {
        var lines = Enumerable.Range(0, 12).Select(i => (Top: 200 + (i * 60), Bottom: 200 + (i * 60) + 40)).ToList();
        var page = Page(1000, 1200, lines);

        var bands = PageSplitter.Bands(page, 300, count: 4);

        Assert.Equal(4, bands.Count);
        Assert.Equal(0, bands[0].Top);
        Assert.Equal(page.Height, bands[^1].Bottom);
        Assert.All(bands.Zip(bands.Skip(1)), pair => Assert.Equal(pair.First.Bottom, pair.Second.Top));
        Assert.All(bands.Skip(1), band => Assert.DoesNotContain(lines, line => band.Top >= line.Top && band.Top < line.Bottom));
    }

    [Fact]
    public void A_page_without_a_blank_row_between_its_lines_is_one_band()
    {
        var page = Page(800, 600, [(0, 600)]);

        Assert.Single(PageSplitter.Bands(page, 300, count: 6));
    }

    [Fact]
    public void Bands_hold_about_as_much_ink_each()
    {
        var lines = Enumerable.Range(0, 24).Select(i => (Top: 100 + (i * 50), Bottom: 100 + (i * 50) + 30)).ToList();
        var page = Page(600, 1400, lines);

        var bands = PageSplitter.Bands(page, 300, count: 3);

        Assert.All(bands, band => Assert.Equal(8, lines.Count(line => line.Top >= band.Top && line.Bottom <= band.Bottom)));
    }

    [Fact]
    public async Task A_page_split_over_idle_engines_reads_as_the_page_read_whole_by_one()
    {
        using var rendered = TestPages.Render(seed: 7, look: new PageLook(Scanned: true));
        using var page = new DecodedPage(1, null, rendered.Image, rendered.Dpi);

        var whole = await Service(splitPages: false).ReadPageAsync(page, CancellationToken.None);
        var split = await Service(splitPages: true).ReadPageAsync(page, CancellationToken.None);

        Assert.InRange(CharacterErrorRate.Of(whole.Text, split.Text), 0, 0.002);
        Assert.Equal(whole.Words.Count, split.Words.Count);
        Assert.True(split.Words.Select(w => w.Line).Distinct().Count() >= 20, "the page's lines are numbered across its bands");
    }

    private OcrService Service(bool splitPages)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OcrOptions { PoolSize = ocr.Pool.Size, SplitPages = splitPages });
        return new OcrService(ocr.Pool, new PagePreprocessor(options), options, TimeProvider.System, NullLogger<OcrService>.Instance);
    }

    /// <summary>A white page with black bars across it (lines of "text") between the given rows.</summary>
    private static GrayImage Page(int width, int height, IReadOnlyList<(int Top, int Bottom)> lines)
    {
        var pixels = Enumerable.Repeat((byte)255, width * height).ToArray();
        foreach (var (top, bottom) in lines)
        {
            pixels.AsSpan(top * width, (bottom - top) * width).Clear();
        }

        return new GrayImage(width, height, pixels);
    }
}
