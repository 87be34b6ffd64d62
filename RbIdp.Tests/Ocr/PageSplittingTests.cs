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
    public void A_page_with_ink_taller_than_a_line_is_read_whole()
    {
        var lines = Enumerable.Range(0, 12).Select(i => (Top: 200 + (i * 60), Bottom: 200 + (i * 60) + 40)).ToList();
        var page = Page(1000, 1200, lines);
        Scribble(page, left: 600, top: 420, right: 800, bottom: 560); // a signature across three lines

        var plan = PageSplitter.Plan(page, 300, count: 4);

        Assert.Equal(SplitRefusal.TallInk, plan.Refusal);
        Assert.Equal(new PixelRect(0, 0, page.Width, page.Height), Assert.Single(plan.Bands));
    }

    [Fact]
    public void A_page_with_a_line_in_two_far_apart_parts_is_read_whole()
    {
        var lines = Enumerable.Range(0, 12).Select(i => (Top: 200 + (i * 60), Bottom: 200 + (i * 60) + 40)).ToList();
        var page = Page(1000, 1200, lines);
        Blank(page, left: 300, top: lines[5].Top, right: 700, bottom: lines[5].Bottom); // "title ........ name"

        var plan = PageSplitter.Plan(page, 300, count: 4);

        Assert.Equal(SplitRefusal.Columns, plan.Refusal);
        Assert.Single(plan.Bands);
    }

    [Fact]
    public void Marks_just_above_a_line_stay_with_it()
    {
        var lines = Enumerable.Range(0, 12).Select(i => (Top: 200 + (i * 80), Bottom: 200 + (i * 80) + 40)).ToList();
        var marks = lines.Select(l => (Top: l.Top - 14, Bottom: l.Top - 7)).ToList(); // the dots of "ё", 7 blank rows above the letters
        var page = Page(1000, 1200, [.. lines, .. marks]);

        var plan = PageSplitter.Plan(page, 300, count: 4);

        Assert.Equal(SplitRefusal.None, plan.Refusal);
        Assert.Equal(4, plan.Bands.Count);
        Assert.All(plan.Bands.Skip(1), band => Assert.DoesNotContain(lines, line => band.Top >= line.Top - 14 && band.Top < line.Bottom));
    }

    [Fact]
    public void The_ink_is_bounded_with_a_tenth_of_an_inch_of_paper_around_it()
    {
        var page = Page(1000, 1200, [(300, 340), (400, 440), (500, 540), (600, 640)]);
        Blank(page, left: 0, top: 0, right: 200, bottom: 1200);
        Blank(page, left: 801, top: 0, right: 1000, bottom: 1200);

        var ink = PageSplitter.Plan(page, 300, count: 1).Ink;

        Assert.Equal(new PixelRect(170, 270, 832, 670), ink);
    }

    [Fact]
    public void A_page_inked_nearly_to_its_edges_has_no_ink_bounds_to_read_within()
    {
        var page = Page(1000, 1200, [(20, 60), (1140, 1180)]);

        Assert.Null(PageSplitter.Plan(page, 300, count: 1).Ink);
    }

    [Fact]
    public async Task A_page_read_within_its_ink_reads_as_the_whole_page_with_its_words_where_they_are_on_the_page()
    {
        using var rendered = TestPages.Render(seed: 5, lineCount: 12, look: new PageLook(Scanned: true));
        using var page = new DecodedPage(1, null, rendered.Image, rendered.Dpi);

        var whole = await Service(splitPages: false, cropToInk: false).ReadPageAsync(page, CancellationToken.None);
        var within = await Service(splitPages: false, cropToInk: true).ReadPageAsync(page, CancellationToken.None);

        // Tesseract binarises the part it reads, so a letter's edge can move by a pixel; the words stay where they are on the page.
        Assert.InRange(CharacterErrorRate.Of(whole.Text, within.Text), 0, 0.002);
        Assert.Equal(whole.Words.Count, within.Words.Count);
        Assert.All(whole.Words.Zip(within.Words), pair =>
        {
            Assert.InRange(pair.Second.Box.X - pair.First.Box.X, -2, 2);
            Assert.InRange(pair.Second.Box.Y - pair.First.Box.Y, -2, 2);
            Assert.InRange(pair.Second.Box.Width - pair.First.Box.Width, -2, 2);
            Assert.InRange(pair.Second.Box.Height - pair.First.Box.Height, -2, 2);
        });
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

    private OcrService Service(bool splitPages, bool cropToInk = true)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OcrOptions { PoolSize = ocr.Pool.Size, SplitPages = splitPages, CropToInk = cropToInk });
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

    /// <summary>Ink over a rectangle of the page, lines and paper alike.</summary>
    private static void Scribble(GrayImage page, int left, int top, int right, int bottom) => Fill(page, left, top, right, bottom, 0);

    private static void Blank(GrayImage page, int left, int top, int right, int bottom) => Fill(page, left, top, right, bottom, 255);

    private static void Fill(GrayImage page, int left, int top, int right, int bottom, byte value)
    {
        for (var y = top; y < bottom; y++)
        {
            page.Pixels.AsSpan((y * page.Width) + left, right - left).Fill(value);
        }
    }
}
