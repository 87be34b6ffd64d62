namespace RbIdp.Pipeline.Verdicts;

/// <summary>DOMAIN.md §3: any reject → rejected; else any review → manual review; else approved.</summary>
internal static class VerdictPolicy
{
    public static Verdict Decide(IEnumerable<CheckError> errors)
    {
        var review = false;
        foreach (var error in errors)
        {
            if (error.Severity == Severity.Reject)
            {
                return Verdict.Rejected;
            }

            review = true;
        }

        return review ? Verdict.ManualReview : Verdict.Approved;
    }
}
