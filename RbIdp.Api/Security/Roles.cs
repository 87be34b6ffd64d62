namespace RbIdp.Api.Security;

/// <summary>What a client may do: submit and read its own runs, review and read artifacts, or everything.</summary>
public static class Roles
{
    public const string Submitter = "submitter";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    public const string SubmitPolicy = "submit";
    public const string ReviewPolicy = "review";
    public const string AdminPolicy = "admin";

    public static readonly string[] All = [Submitter, Reviewer, Admin];
}
