namespace RbIdp.Pipeline.Runs.Access;

/// <summary>
/// What a caller may do. A <c>submitter</c> submits, reads, cancels and purges its own runs; a <c>reviewer</c> reads every
/// client's runs and their artifacts and records reviews, and changes nothing else (it neither submits nor cancels nor
/// purges); an <c>admin</c> does everything, to any client's run.
/// </summary>
public static class Roles
{
    public const string Submitter = "submitter";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    /// <summary>Reading runs (every role; a submitter sees only its own).</summary>
    public const string ReadPolicy = "read";

    /// <summary>Submitting and changing runs: submit, process, cancel, purge (submitter or admin, not reviewer).</summary>
    public const string SubmitPolicy = "submit";

    /// <summary>Reviews and artifacts (reviewer or admin).</summary>
    public const string ReviewPolicy = "review";
    public const string AdminPolicy = "admin";

    public static readonly string[] All = [Submitter, Reviewer, Admin];
}
