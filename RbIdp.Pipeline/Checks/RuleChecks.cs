using RbIdp.Pipeline.Checks.Classification;
using RbIdp.Pipeline.Checks.Dates;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;
using static System.FormattableString;

namespace RbIdp.Pipeline.Checks;

/// <summary>What the rules found in the text, and the errors (source <c>rules</c>) they raise.</summary>
internal sealed record RuleFindings(
    DocumentClassification Classification,
    IssueDate? IssueDate,
    FioMatch Person,
    IReadOnlyList<CheckError> Errors,
    ClaimedDocument? Document = null)
{
    public DocumentType? DocType => Classification.Type;

    /// <summary>The subject's name as written, when the applicant was matched.</summary>
    public string? PersonText => Person.Outcome == FioOutcome.Match ? Person.Evidence?.Text : null;
}

/// <summary>
/// The text checks of DOMAIN.md §3 over a document's OCR text: its type (DOC_TYPE_MISMATCH, DOC_TYPE_UNKNOWN), its
/// subject (FIO_MISMATCH, FIO_NOT_FOUND) and its issue date (DATE_MISSING, DOCUMENT_EXPIRED, DATE_IN_FUTURE).
/// Pure: text and request in, findings out. Pages in the text are separated by form feeds (<see cref="Ocr.OcrDocument.FullText"/>).
/// </summary>
internal static class RuleChecks
{
    /// <param name="text">The document's text, pages separated by form feeds.</param>
    /// <param name="request">What the document is checked against: whose it should be, what it should be, and when it was asked.</param>
    /// <param name="policy">The thresholds and windows.</param>
    /// <param name="reading">
    /// How surely each stretch of the text was read (null: unknown). Another person's name read off a page, or in words,
    /// under the policy's confidence threshold is too damaged to tell a person by: it is undecided (FIO_NOT_FOUND),
    /// never a mismatch. A name read clearly (every word at the policy's clear-name confidence) is taken as written.
    /// </param>
    public static RuleFindings Run(string text, DocumentRequest request, DeferralPolicy policy, OcrTextMap? reading = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        reading ??= OcrTextMap.Unknown;
        var errors = new List<CheckError>();

        var classification = DocumentClassifier.Classify(text, policy.Thresholds, policy.TitleRequired);
        var best = classification.Best;
        if (classification.Type != request.DocType && classification.ForeignTitle is { } foreign)
        {
            errors.Add(new CheckError(ErrorCode.DocTypeMismatch, Severity.Reject,
                Invariant($"Declared {WireNames.Of(request.DocType)}, but the document is a «{foreign}», none of the accepted types"),
                ErrorSource.Rules, EvidenceAt(text, foreign)));
        }
        else if (classification.Type is null)
        {
            errors.Add(new CheckError(ErrorCode.DocTypeUnknown, Severity.Review,
                Invariant($"The document type cannot be recognised (best {WireNames.Of(best.Type)} {best.Score:0.00})"), ErrorSource.Rules));
        }
        else if (classification.Type != request.DocType)
        {
            errors.Add(new CheckError(ErrorCode.DocTypeMismatch, Severity.Reject,
                Invariant($"Declared {WireNames.Of(request.DocType)}, but the document is a {WireNames.Of(best.Type)} ({best.Score:0.00})"),
                ErrorSource.Rules, EvidenceAt(text, best.Evidence.Count > 0 ? best.Evidence[0] : null)));
        }

        // The name and the date that decide come from the claimed document's pages, not from a cover letter beside it.
        var document = ClaimedDocument.Of(text, request.DocType, policy);
        var personType = classification.Type ?? request.DocType;
        var person = FioMatcher.Match(request.Fio, document.Text, personType, reading, policy.Thresholds.ClearNameConfidence);
        if (person.Outcome == FioOutcome.Match && document.Pages.Count > 1
            && document.PageTexts().Select(p => FioMatcher.Match(request.Fio, p.Text, personType, reading, policy.Thresholds.ClearNameConfidence))
                .FirstOrDefault(m => m.Outcome == FioOutcome.Mismatch) is { } otherPage)
        {
            errors.Add(new CheckError(ErrorCode.FioNotFound, Severity.Review,
                "The pages of the document name different subjects: the applicant on one, another person on another",
                ErrorSource.Rules, EvidenceAt(text, otherPage.Evidence, reading)));
            person = otherPage with { Outcome = FioOutcome.NotFound };
        }

        if (person.Outcome == FioOutcome.Mismatch && person.Evidence is { } other
            && (reading.PageAt(other.Start) < policy.Thresholds.MinOcrConfidence || reading.Least(other.Start, other.End) < policy.Thresholds.MinOcrConfidence))
        {
            person = person with { Outcome = FioOutcome.NotFound };
        }

        if (person.Outcome == FioOutcome.Mismatch)
        {
            errors.Add(new CheckError(ErrorCode.FioMismatch, Severity.Reject,
                person.Evidence?.Role == PersonRole.Subject || person.Evidence?.Role == PersonRole.Unknown
                    ? "The document is about another person"
                    : "The applicant is named only as an official of the document, not as its subject",
                ErrorSource.Rules, EvidenceAt(text, person.Evidence, reading)));
        }
        else if (person.Outcome == FioOutcome.NotFound && !errors.Any(e => e.Code == ErrorCode.FioNotFound))
        {
            errors.Add(new CheckError(ErrorCode.FioNotFound, Severity.Review, "No subject's name can be located in the document", ErrorSource.Rules));
        }

        var issueDate = IssueDateExtractor.Extract(document.Text, request.ApplicationDate.AddYears(1));
        if (ValidityWindow.Evaluate(issueDate, request.ApplicationDate, request.DocType, policy) is { } dateError)
        {
            errors.Add(issueDate is null ? dateError : dateError with { Evidence = new Evidence(PageAt(text, issueDate.Start), issueDate.Text, reading.BoxOf(issueDate.Start, issueDate.End)) });
        }

        return new RuleFindings(classification, issueDate, person, errors, document);
    }

    private static Evidence? EvidenceAt(string text, PersonMention? person, OcrTextMap reading) =>
        person is null ? null : new Evidence(PageAt(text, person.Start), person.Text, reading.BoxOf(person.Start, person.End));

    private static Evidence? EvidenceAt(string text, string? snippet)
    {
        if (snippet is null)
        {
            return null;
        }

        var at = text.IndexOf(snippet, StringComparison.Ordinal);
        return new Evidence(at < 0 ? null : PageAt(text, at), snippet);
    }

    private static int PageAt(string text, int offset) => 1 + text.AsSpan(0, Math.Min(offset, text.Length)).Count('\f');
}
