using RbIdp.Pipeline.Documents;

namespace RbIdp.Tests.Synthetic;

public sealed class GeneratorTests
{
    private static readonly DateOnly Issued = new(2026, 11, 10);

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_type_renders_an_A4_page_with_its_subject_and_issue_date(DocumentType type)
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(type, "Иванов Иван Петрович", Issued) { Dpi = 150 });

        var page = Assert.Single(document.Pages);
        Assert.Equal(1240, page.Bitmap.Width);
        Assert.Equal(1754, page.Bitmap.Height);
        Assert.Equal(type, document.Labels.Type);
        Assert.NotNull(document.Labels.SubjectAsPrinted);
        Assert.All(document.Labels.SubjectAsPrinted.Split(' '), part => Assert.Contains(part, document.Text, StringComparison.Ordinal));
        Assert.NotNull(document.Labels.IssueDateAsPrinted);
        Assert.Contains(document.Labels.IssueDateAsPrinted, document.Text, StringComparison.Ordinal);
        Assert.True(InkShare(page) > 0.005, "the page has barely any ink");
    }

    [Fact]
    public void Tesseract_reads_the_rendered_Cyrillic_title_and_subject()
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.SickLeave, "Кузнецова Ольга Андреевна", Issued)
        {
            Scan = new ScanEffects { NoiseSigma = 8, JpegQuality = 70 },
        });
        var path = Path.Combine(Path.GetTempPath(), $"synthetic-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, document.Pages[0].ToPng());
        try
        {
            var (exit, text) = FileWriterTests.Run("tesseract", $"{path} - -l rus --psm 3");

            Assert.Equal(0, exit);
            Assert.Contains("Листок нетрудоспособности", text, StringComparison.Ordinal);
            Assert.Contains("КУЗНЕЦОВА", text, StringComparison.Ordinal);
            Assert.Contains(document.Labels.IssueDateAsPrinted!, text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Stamp_label_follows_the_page_through_rotation()
    {
        var spec = new DocumentSpec(DocumentType.MedicalCertificate, "Иванов Иван Петрович", Issued) { Dpi = 100, Stamp = new StampSpec() };
        using var upright = DocumentGenerator.Render(spec);
        using var turned = DocumentGenerator.Render(spec with { Scan = new ScanEffects { Rotation = 90 } });

        var a = upright.Labels.Stamp!;
        var b = turned.Labels.Stamp!;
        Assert.Equal(upright.Pages[0].Bitmap.Height, turned.Pages[0].Bitmap.Width);
        Assert.Equal(turned.Pages[0].Bitmap.Width - a.CenterY, b.CenterX, 1.0);
        Assert.Equal(a.CenterX, b.CenterY, 1.0);
        var ink = turned.Pages[0].Bitmap.GetPixel((int)b.CenterX, (int)(b.CenterY - b.Radius + 1));
        Assert.True(ink.Blue > ink.Red + 40, $"expected stamp ink at the top of the ring, got {ink}");
    }

    [Fact(Skip = "Writes sample pages to /tmp/synthetic to look at; run by hand.")]
    public void Dump_samples()
    {
        Directory.CreateDirectory("/tmp/synthetic");
        var seed = 0;
        foreach (var type in Enum.GetValues<DocumentType>())
        {
            using var document = DocumentGenerator.Render(new DocumentSpec(type, "Иванова Мария Петровна", Issued)
            {
                Dpi = 150, Seed = seed++, Stamp = new StampSpec(OverText: seed % 2 == 0, Color: seed % 3 == 0 ? InkColor.Violet : InkColor.Blue),
                SignatureOverStamp = seed % 3 == 1, BlueHeader = seed % 4 == 0,
            });
            File.WriteAllBytes($"/tmp/synthetic/{type}.png", document.Pages[0].ToPng());
            File.WriteAllText($"/tmp/synthetic/{type}.txt", document.Text);
        }
    }

    public static TheoryData<DocumentType> AllTypes() => new(Enum.GetValues<DocumentType>());

    private static double InkShare(SyntheticPage page)
    {
        var dark = 0;
        for (var y = 0; y < page.Bitmap.Height; y += 3)
        {
            for (var x = 0; x < page.Bitmap.Width; x += 3)
            {
                if (page.Bitmap.GetPixel(x, y).Red < 128)
                {
                    dark++;
                }
            }
        }

        return dark / (page.Bitmap.Width / 3.0 * (page.Bitmap.Height / 3.0));
    }
}
