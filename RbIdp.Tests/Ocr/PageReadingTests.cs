using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Ocr;

[Collection(OcrTestGroup.Name)]
public sealed class PageReadingTests(OcrFixture ocr)
{
    private const double MaxCer = 0.02;

    [Fact]
    public async Task Clean_page_at_300_dpi_is_read_with_at_most_2_percent_character_errors()
    {
        var page = TestPages.Render(seed: 1);
        var read = await ocr.ReadAsync(page);

        Assert.Equal(TextSource.Ocr, read.Source);
        Assert.InRange(CharacterErrorRate.Of(page.Text, read.Text), 0, MaxCer);
        Assert.True(read.MeanConfidence > 80, $"mean confidence {read.MeanConfidence}");
    }

    [Fact]
    public async Task Scanned_page_at_300_dpi_is_read_with_at_most_2_percent_character_errors()
    {
        var page = TestPages.Render(seed: 2, look: new PageLook(Scanned: true));
        var read = await ocr.ReadAsync(page);

        Assert.InRange(CharacterErrorRate.Of(page.Text, read.Text), 0, MaxCer);
    }

    [Fact]
    public async Task Phone_photo_with_a_shadow_across_the_page_is_read_with_at_most_2_percent_character_errors()
    {
        var page = TestPages.Render(seed: 6, look: new PageLook(Scanned: true, Shadowed: true));
        var read = await ocr.ReadAsync(page);

        Assert.InRange(CharacterErrorRate.Of(page.Text, read.Text), 0, MaxCer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Page_turned_by_quarter_turns_is_turned_upright_and_read_as_well_as_straight(int quarterTurns)
    {
        var page = TestPages.Render(seed: 3, look: new PageLook(QuarterTurns: quarterTurns));
        var read = await ocr.ReadAsync(page);

        // Tesseract itself reads a sideways text block (vertical-text detection), so a quarter turn may be left as it
        // is when it already reads best; any turn that is applied must be the one that makes the page upright.
        Assert.Contains(read.RotationDegrees, new[] { 0, (4 - quarterTurns) * 90 % 360 });
        Assert.InRange(CharacterErrorRate.Of(page.Text, read.Text), 0, MaxCer);
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(-3f)]
    public async Task Page_skewed_by_3_degrees_is_deskewed_and_read_as_well_as_straight(float skew)
    {
        var page = TestPages.Render(seed: 4, look: new PageLook(SkewDegrees: skew));
        var read = await ocr.ReadAsync(page);

        Assert.InRange(read.SkewDegrees, skew - 0.3, skew + 0.3);
        Assert.InRange(CharacterErrorRate.Of(page.Text, read.Text), 0, MaxCer);
    }

    [Fact]
    public async Task Text_under_a_blue_stamp_is_still_read()
    {
        var page = TestPages.Render(seed: 5, look: new PageLook(Stamped: true));
        var read = await ocr.ReadAsync(page);

        Assert.InRange(CharacterErrorRate.Of(page.Text, read.Text), 0, MaxCer);
    }
}
