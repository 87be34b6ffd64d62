using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>
/// Renders synthetic Russian supporting documents (DOMAIN.md §2) as scanned-looking pages with their
/// ground truth. Deterministic: the same spec gives the same pixels.
/// </summary>
public static class DocumentGenerator
{
    public static SyntheticDocument Render(DocumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new Random(spec.Seed ^ 0x5EED);
        var fonts = SyntheticFonts.Pick(spec.Font, spec.Seed);
        return spec.Content switch
        {
            PageContent.Blank or PageContent.Noise => RenderFiller(spec, random),
            _ => RenderText(spec, random, fonts),
        };
    }

    private static SyntheticDocument RenderText(DocumentSpec spec, Random random, FontPair fonts)
    {
        var context = new TemplateContext(spec);
        var text = DocumentTemplates.Write(context);
        var layout = new PageLayout(spec, fonts);
        var upright = layout.Draw(text.Lines);

        StampLabel? stamp = null;
        SKPoint? stampCenter = null;
        var stampPage = -1;
        if (layout.Signature is { } anchor)
        {
            using var canvas = new SKCanvas(upright[anchor.Page]);
            var ink = new InkPainter(canvas, spec.Dpi, random, fonts);
            if (spec.Stamp is { } stampSpec)
            {
                (stampCenter, var radius) = DrawStamp(ink, stampSpec, anchor, spec, random);
                stamp = new StampLabel(stampSpec.Shape, stampSpec.Color, 0, 0, radius);
                stampPage = anchor.Page;
            }

            if (spec.Signature)
            {
                var from = spec.SignatureOverStamp && stampCenter is { } c
                    ? new SKPoint(c.X - PageLayout.Mm(spec.Dpi, 14), c.Y + PageLayout.Mm(spec.Dpi, 6))
                    : new SKPoint(anchor.SignatureAt.X - PageLayout.Mm(spec.Dpi, 12), anchor.SignatureAt.Y + PageLayout.Mm(spec.Dpi, 2));
                ink.Signature(from, new SKPoint(anchor.SignatureAt.X + PageLayout.Mm(spec.Dpi, 12), anchor.SignatureAt.Y));
            }
        }

        var simulator = new ScanSimulator(spec.Scan, random);
        var pages = new List<SyntheticPage>();
        for (var i = 0; i < upright.Count; i++)
        {
            var tracked = i == stampPage ? stampCenter : null;
            var scanned = simulator.Apply(upright[i], ref tracked);
            if (tracked is { } moved && stamp is not null)
            {
                stamp = stamp with { CenterX = moved.X, CenterY = moved.Y };
            }

            pages.Add(new SyntheticPage(scanned, spec.Dpi));
        }

        var groundTruth = string.Join('\n', text.Lines
            .Where(l => l.Style is not (LineStyle.Gap or LineStyle.PageBreak))
            .Select(l => l.Text.Replace('\t', ' ')));
        var isDocument = spec.Content == PageContent.Document;
        var labels = new DocumentLabels(
            isDocument ? spec.Type : null,
            isDocument && !spec.OmitSubject ? spec.SubjectFio : null,
            context.SubjectAsPrinted,
            isDocument && !spec.OmitIssueDate ? spec.IssueDate : null,
            context.IssueDateAsPrinted,
            stamp);
        return new SyntheticDocument(pages, groundTruth, labels, layout.Placed);
    }

    private static (SKPoint Center, float Radius) DrawStamp(InkPainter ink, StampSpec stamp, SignatureAnchor anchor, DocumentSpec spec, Random random)
    {
        var radius = PageLayout.Mm(spec.Dpi, stamp.DiameterMm / 2);
        var mm = PageLayout.Mm(spec.Dpi, 1);
        var center = stamp.OverText
            ? new SKPoint(anchor.RoleAt.X + radius + (mm * random.Next(5, 25)), anchor.RoleAt.Y - (mm * random.Next(0, 8)))
            : new SKPoint(anchor.RoleAt.X + radius + (mm * random.Next(0, 15)), anchor.SignatureAt.Y + radius + (mm * random.Next(6, 12)));
        var organisation = random.Next(3) switch
        {
            0 => "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «ВЕКТОР» * Г. МОСКВА *",
            1 => "ГОСУДАРСТВЕННОЕ БЮДЖЕТНОЕ УЧРЕЖДЕНИЕ ЗДРАВООХРАНЕНИЯ * ДЛЯ СПРАВОК *",
            _ => "МИНИСТЕРСТВО РОССИЙСКОЙ ФЕДЕРАЦИИ * УПРАВЛЕНИЕ * РОССИЯ *",
        };
        var ogrn = $"ОГРН\n{random.NextInt64(1_000_000_000_000, 9_999_999_999_999)}";
        if (stamp.Shape == StampShape.Round)
        {
            ink.RoundStamp(center, radius, stamp.Color, organisation, ogrn);
            return (center, radius);
        }

        var width = radius * 2.2f;
        var height = radius * 0.9f;
        ink.RectangularStamp(center, width, height, stamp.Color, ["ДЛЯ ДОКУМЕНТОВ", organisation.Split('*')[0].Trim(), ogrn.Replace('\n', ' ')]);
        return (center, width / 2);
    }

    private static SyntheticDocument RenderFiller(DocumentSpec spec, Random random)
    {
        var width = (int)Math.Round(PageLayout.Mm(spec.Dpi, PageLayout.A4WidthMm));
        var height = (int)Math.Round(PageLayout.Mm(spec.Dpi, PageLayout.A4HeightMm));
        var page = PageLayout.WhitePage(width, height);
        if (spec.Content == PageContent.Noise)
        {
            page.Erase(new SKColor(128, 128, 128));
            ScanSimulator.AddNoise(page, 90, random);
        }
        else
        {
            ScanSimulator.AddNoise(page, 4, random);
        }

        SKPoint? none = null;
        var scanned = new ScanSimulator(spec.Scan, random).Apply(page, ref none);
        return new SyntheticDocument([new SyntheticPage(scanned, spec.Dpi)], string.Empty, new DocumentLabels(null, null, null, null, null, null), []);
    }
}
