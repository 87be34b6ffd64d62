using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Checks;

/// <summary>
/// STAMP_MISSING (DOMAIN.md §2–3), decided here only: a type that needs the issuer's stamp and none is seen on the
/// claimed document's pages. A stamp on another document of the same file (a cover letter) does not count; a page with
/// no colour cannot show one, which is said rather than taken for "none".
/// </summary>
internal static class StampRequirement
{
    public static CheckError? Evaluate(StampFinding? finding, DocumentType claimed, DeferralPolicy policy, ClaimedDocument? document = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (finding is null || !policy.RuleFor(claimed).StampRequired)
        {
            return null;
        }

        var type = WireNames.Of(claimed);
        if (finding.Status == StampStatus.Found
            && (document is null || document.Holds(finding.Page) || finding.Candidates.Any(c => c.Accepted && document.Holds(c.Page))))
        {
            return null;
        }

        if (finding.Status == StampStatus.Found)
        {
            return new CheckError(ErrorCode.StampMissing, Severity.Review,
                $"A {type} needs an official stamp; the stamp seen is on page {finding.Page}, which is not part of the {type}.",
                ErrorSource.Stamp, new Evidence(finding.Page, Box: finding.Box));
        }

        return finding.Status == StampStatus.Unknown
            ? new CheckError(ErrorCode.StampMissing, Severity.Review,
                $"A {type} needs an official stamp; the pages carry no colour (greyscale or text only), so a stamp cannot be seen.", ErrorSource.Stamp)
            : new CheckError(ErrorCode.StampMissing, Severity.Review, $"A {type} needs an official stamp and none was detected.", ErrorSource.Stamp);
    }
}
