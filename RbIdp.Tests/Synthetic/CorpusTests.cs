using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Verdicts;
using UglyToad.PdfPig;

namespace RbIdp.Tests.Synthetic;

public sealed class CorpusTests
{
    private static readonly IReadOnlyList<CorpusCase> Corpus = SyntheticCorpus.Build(seed: 42);

    [Fact]
    public void Covers_every_type_and_every_rules_error_code_with_unique_ids()
    {
        Assert.True(Corpus.Count >= 60, $"only {Corpus.Count} cases");
        Assert.Equal(Corpus.Count, Corpus.Select(c => c.Id).Distinct().Count());
        Assert.Equal(Enum.GetValues<DocumentType>().Order(), Corpus.Where(c => c.ExpectedVerdict == Verdict.Approved).Select(c => c.Request.DocType).Distinct().Order());
        var codes = Corpus.SelectMany(c => c.ExpectedCodes).ToHashSet();
        Assert.Equal(Enum.GetValues<ErrorCode>().Where(c => c != ErrorCode.ChecksDisagree).Order(), codes.Order());
    }

    [Fact]
    public void Expected_verdicts_follow_from_the_expected_codes()
    {
        var severity = new Dictionary<ErrorCode, Severity>
        {
            [ErrorCode.ReasonDocMismatch] = Severity.Reject, [ErrorCode.UnreadableDocument] = Severity.Reject,
            [ErrorCode.LowOcrConfidence] = Severity.Review, [ErrorCode.DocTypeMismatch] = Severity.Reject,
            [ErrorCode.DocTypeUnknown] = Severity.Review, [ErrorCode.FioMismatch] = Severity.Reject,
            [ErrorCode.FioNotFound] = Severity.Review, [ErrorCode.DateMissing] = Severity.Review,
            [ErrorCode.DocumentExpired] = Severity.Reject, [ErrorCode.DateInFuture] = Severity.Reject,
            [ErrorCode.StampMissing] = Severity.Review,
        };

        Assert.All(Corpus, c => Assert.Equal(
            c.ExpectedVerdict,
            VerdictPolicy.Decide(c.ExpectedCodes.Select(code => new CheckError(code, severity[code], "", ErrorSource.Rules)))));
    }

    [Fact]
    public void Is_deterministic_from_the_seed()
    {
        var again = SyntheticCorpus.Build(seed: 42);
        var other = SyntheticCorpus.Build(seed: 7);

        Assert.Equal(Corpus.Select(Describe), again.Select(Describe));
        Assert.NotEqual(Corpus.Select(Describe), other.Select(Describe));
        var sample = Corpus.First(c => c.Id.StartsWith("approved-", StringComparison.Ordinal) && c.Documents[0].Stamp is not null);
        using var first = DocumentGenerator.Render(sample.Documents[0] with { Dpi = 100 });
        using var second = DocumentGenerator.Render(again.First(c => c.Id == sample.Id).Documents[0] with { Dpi = 100 });
        Assert.Equal(first.Pages[0].ToPng(), second.Pages[0].ToPng());
    }

    [Fact]
    public void Files_of_every_format_decode()
    {
        foreach (var format in new[] { FileFormat.TextPdf, FileFormat.ScannedPdf, FileFormat.Tiff, FileFormat.Jpeg })
        {
            var file = Corpus.First(c => c.Format == format && !c.Truncated).BuildFile();
            switch (format)
            {
                case FileFormat.Tiff:
                    Assert.Equal("II*\0"u8.ToArray(), file[..4]);
                    break;
                case FileFormat.Jpeg:
                    using (var bitmap = SkiaSharp.SKBitmap.Decode(file))
                    {
                        Assert.True(bitmap.Width > 1000);
                    }

                    break;
                default:
                    using (var pdf = PdfDocument.Open(file))
                    {
                        Assert.True(pdf.NumberOfPages >= 1);
                    }

                    break;
            }
        }
    }

    [Fact(Skip = "Writes the whole corpus (~67 files at 300 DPI, ~2 min) to /tmp/rbidp-corpus; run by hand.")]
    public void Write_corpus_to_disk()
    {
        SyntheticCorpus.WriteTo("/tmp/rbidp-corpus", seed: 42);

        Assert.True(File.Exists("/tmp/rbidp-corpus/manifest.json"));
    }

    private static string Describe(CorpusCase c) =>
        $"{c.Id}|{c.Request}|{string.Join(';', c.Documents.Select(d => d.ToString()))}|{c.ExpectedVerdict}|{string.Join(',', c.ExpectedCodes.Order())}";
}
