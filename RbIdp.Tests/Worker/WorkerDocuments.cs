using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Synthetic;

namespace RbIdp.Tests.Worker;

/// <summary>A file to submit with the request that goes with it.</summary>
public sealed record Submission(byte[] File, string FileName, DeferralRequest Request);

/// <summary>The documents the worker tests submit: generated Russian documents from the synthetic corpus.</summary>
public static class WorkerDocuments
{
    private static readonly Lazy<IReadOnlyList<CorpusCase>> Corpus = new(() => SyntheticCorpus.Build(seed: 7));

    /// <summary>A single-page image document (PNG or JPEG) that passes every check: OCR runs, the verdict is approved.</summary>
    public static Submission ApprovedImage(int index = 0)
    {
        var @case = Corpus.Value
            .Where(c => c.Id.StartsWith("approved-", StringComparison.Ordinal) && c.Format is FileFormat.Png or FileFormat.Jpeg && c.Documents.Count == 1)
            .ElementAt(index);
        return new Submission(@case.BuildFile(), "document" + @case.FileExtension, @case.Request);
    }

    /// <summary>A PNG cut after a third of its bytes: an upload that cannot be decoded.</summary>
    public static Submission TruncatedPng()
    {
        var approved = ApprovedImage();
        using var document = DocumentGenerator.Render(new DocumentSpec(approved.Request.DocType, approved.Request.Fio, approved.Request.ApplicationDate.AddDays(-3)));
        var png = document.Pages[0].ToPng();
        return new Submission(png[..(png.Length / 3)], "scan.png", approved.Request);
    }

    /// <summary>A scanned PDF of <paramref name="pages"/> A4 pages at 300 DPI: OCR takes seconds per page.</summary>
    public static Submission ScannedPdf(int pages)
    {
        var fio = "Иванов Иван Петрович";
        var issued = SyntheticCorpus.BaseApplicationDate.AddDays(-10);
        var documents = Enumerable.Range(0, pages)
            .Select(i => DocumentGenerator.Render(new DocumentSpec(DocumentType.IncomeCertificate, fio, issued) { Seed = 100 + i }))
            .ToArray();
        try
        {
            return new Submission(PdfFactory.ScannedPdf(documents), "scan.pdf",
                new DeferralRequest(fio, DeferralReason.IncomeDecrease, DocumentType.IncomeCertificate, SyntheticCorpus.BaseApplicationDate));
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    public static Task<Guid> SubmitAsync(this ApiAndWorker stack, Submission submission, Uri? callback = null) =>
        stack.SubmitAsync(submission.File, submission.FileName, submission.Request.Fio, submission.Request.Reason,
            submission.Request.DocType, submission.Request.ApplicationDate, callback);
}
