using System.Globalization;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Checks.Dates;

/// <summary>
/// Is the issue date within the policy's window before the application date (DOMAIN.md §2)? No date →
/// DATE_MISSING (review); after the application date → DATE_IN_FUTURE (reject); more than the window's days
/// before it → DOCUMENT_EXPIRED (reject). A type with no window (disability) never expires.
/// </summary>
internal static class ValidityWindow
{
    public static CheckError? Evaluate(IssueDate? issued, DateOnly applicationDate, DocumentType documentType, DeferralPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (issued is null)
        {
            return new CheckError(ErrorCode.DateMissing, Severity.Review, "No issue date found in the document", ErrorSource.Rules);
        }

        var evidence = new Evidence(Text: issued.Text);
        var date = Iso(issued.Date);
        if (issued.Date > applicationDate)
        {
            return new CheckError(ErrorCode.DateInFuture, Severity.Reject,
                $"Issued {date}, after the application date {Iso(applicationDate)}", ErrorSource.Rules, evidence);
        }

        var days = policy.RuleFor(documentType).ValidityDays;
        var age = applicationDate.DayNumber - issued.Date.DayNumber;
        return days is { } window && age > window
            ? new CheckError(ErrorCode.DocumentExpired, Severity.Reject,
                $"Issued {date}, more than {window} days before {Iso(applicationDate)}", ErrorSource.Rules, evidence)
            : null;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
