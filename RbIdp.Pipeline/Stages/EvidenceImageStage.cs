using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.EvidenceImages;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// For every page with an image, an evidence image (<c>evidence-p1.png</c>…): the page with boxes around the matched
/// name, the chosen date and every stamp candidate (accepted and refused) with its score, so that a reviewer sees in one glance
/// what the machine saw. A page read from its text layer has no image and no evidence image.
/// </summary>
internal sealed class EvidenceImageStage(ArtifactWriter artifacts) : IPipelineStage
{
    public string Name => "evidence";

    public IReadOnlyList<string> Reads { get; } =
        [nameof(DocumentWork.Decoded), nameof(DocumentWork.Ocr), nameof(DocumentWork.TextMap), nameof(DocumentWork.Rules), nameof(DocumentWork.Stamp)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.EvidenceImages)];

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var drawn = new List<string>();
        var decoded = context.Work.Decoded.ValueOrDefault;
        if (decoded is null)
        {
            context.Work.EvidenceImages.Write(drawn);
            return Task.FromResult(StageResult.Continue);
        }

        var ocr = context.Work.Ocr.ValueOrDefault;
        var map = context.Work.TextMap.ValueOrDefault ?? OcrTextMap.Unknown;
        var rules = context.Work.Rules.ValueOrDefault;
        var stamp = context.Work.Stamp.ValueOrDefault;
        foreach (var page in decoded.Pages.Where(p => p.Image is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var marks = new List<EvidenceMark>();
            var ocrPage = ocr?.Pages.FirstOrDefault(p => p.Number == page.Number);
            if (rules?.Person.Evidence is { } person && map.Locate(person.Start, person.End) is { } name && name.Page == page.Number
                && ToImage(name.Box, ocrPage, page) is { } nameBox)
            {
                marks.Add(new EvidenceMark(EvidenceKind.Name, nameBox, $"name: {rules.Person.Outcome.ToString().ToLowerInvariant()}"));
            }

            if (rules?.IssueDate is { } date && map.Locate(date.Start, date.End) is { } dated && dated.Page == page.Number
                && ToImage(dated.Box, ocrPage, page) is { } dateBox)
            {
                marks.Add(new EvidenceMark(EvidenceKind.Date, dateBox, $"date {date.Date:yyyy-MM-dd} ({date.Basis.ToString().ToLowerInvariant()})"));
            }

            marks.AddRange(StampMarks(stamp, page.Number));
            var artifact = ArtifactKeys.EvidenceImage(page.Number);
            artifacts.SaveBytes(context, artifact, EvidencePainter.Paint(page.Image!, marks), cancellationToken);
            drawn.Add(artifact);
        }

        context.Work.EvidenceImages.Write(drawn);
        return Task.FromResult(StageResult.Continue);
    }

    // Every candidate the detector looked at on the page: the accepted ones (one box where several fits found the same
    // seal), then the refused ones, the likeliest first and not so many that the page disappears under them.
    private static IEnumerable<EvidenceMark> StampMarks(StampFinding? stamp, int page)
    {
        if (stamp is null)
        {
            return [];
        }

        var onPage = stamp.Candidates.Where(c => c.Page == page).ToList();

        var accepted = new List<StampCandidate>();
        foreach (var candidate in onPage.Where(c => c.Accepted).OrderByDescending(c => c.Score))
        {
            if (!accepted.Any(a => Overlaps(a.Box, candidate.Box)))
            {
                accepted.Add(candidate);
            }
        }

        var refused = onPage.Where(c => !c.Accepted && !accepted.Any(a => Overlaps(a.Box, c.Box))).OrderByDescending(c => c.Score).Take(MaxRefusedShown);
        return accepted.Select(c => new EvidenceMark(EvidenceKind.StampAccepted, c.Box, Caption(c)))
            .Concat(refused.Select(c => new EvidenceMark(EvidenceKind.StampRefused, c.Box, Caption(c))));
    }

    private const int MaxRefusedShown = 8;

    private static string Caption(StampCandidate candidate) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"stamp {candidate.Score:0.00} {(candidate.Accepted ? "" : "refused")}").TrimEnd();

    private static bool Overlaps(BoundingBox a, BoundingBox b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    // OCR's boxes are in the image it read (scaled to the text's resolution, possibly turned): back to the page's pixels.
    private static BoundingBox? ToImage(BoundingBox box, OcrPage? read, DecodedPage page)
    {
        // Turned a quarter, the boxes would need the turn undone as well: such a page is shown without them.
        if (read is null || read.Width <= 0 || read.Height <= 0 || page.Image is null || read.RotationDegrees is 90 or 270)
        {
            return null;
        }

        var (width, height) = (read.Width, read.Height);

        var sx = (double)page.Image.Width / width;
        var sy = (double)page.Image.Height / height;
        var x = read.RotationDegrees == 180 ? width - box.X - box.Width : box.X;
        var y = read.RotationDegrees == 180 ? height - box.Y - box.Height : box.Y;
        return new BoundingBox((int)(x * sx), (int)(y * sy), (int)(box.Width * sx), (int)(box.Height * sy));
    }
}
