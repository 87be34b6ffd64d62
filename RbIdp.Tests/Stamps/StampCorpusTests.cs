using RbIdp.Pipeline.Stamps;
using RbIdp.Tests.Synthetic;

namespace RbIdp.Tests.Stamps;

public sealed class StampCorpusTests
{
    [Fact]
    public void Agrees_with_the_corpus_labels_on_every_document_page()
    {
        var detector = new StampDetector();
        var wrong = new List<string>();
        var pages = 0;
        foreach (var item in SyntheticCorpus.Build(seed: 42))
        {
            foreach (var spec in item.Documents)
            {
                using var document = DocumentGenerator.Render(spec with { Dpi = 150 });
                var expected = spec.Scan.Greyscale ? StampStatus.Unknown
                    : spec.Stamp is not null ? StampStatus.Found
                    : StampStatus.NotFound;
                var finding = detector.Detect(document.Pages[0].Bitmap, 150);
                pages++;
                var acceptable = finding.Status == expected
                    || (spec.Content == PageContent.Blank && finding.Status == StampStatus.Unknown)
                    || (expected == StampStatus.NotFound && spec.Stamp is null && !spec.Signature && !spec.BlueHeader && finding.Status == StampStatus.Unknown);
                if (!acceptable)
                {
                    wrong.Add($"{item.Id}: expected {expected}, got {finding.Status} {finding.Score}; best candidates:\n  "
                        + string.Join("\n  ", finding.Candidates.Take(3).Select(c => $"{c.Shape} {c.Decision} {string.Join(' ', c.Cues.Select(c => $"{c.Key}={c.Value}"))}")));
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {pages} pages:\n{string.Join('\n', wrong)}");
    }
}
