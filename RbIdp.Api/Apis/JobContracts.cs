using System.Text.Json;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Api.Apis;

/// <summary>The status resource of a run (<c>GET /v1/jobs/{run_id}</c>); <c>result</c> is the answer of DOMAIN.md §4 once done.</summary>
public sealed record JobStatus(
    Guid RunId,
    string? RequestId,
    RunStatus Status,
    string? Stage,
    int Progress,
    Verdict? Verdict,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    int Attempts,
    string? Failure,
    DocumentAnswer? Result,
    JobReview? Review,
    bool Purged)
{
    public static JobStatus From(DocumentRun run) => new(
        run.Id,
        run.RequestId,
        run.Status,
        run.Stage,
        run.Progress,
        run.Verdict,
        run.CreatedAt,
        run.UpdatedAt,
        run.CompletedAt,
        run.Attempts,
        run.FailureReason,
        run.ResultJson is null ? null : JsonSerializer.Deserialize(run.ResultJson, PipelineJsonContext.Default.DocumentAnswer),
        run.ReviewVerdict is { } verdict ? new JobReview(verdict, run.ReviewComment, run.ReviewedBy!, run.ReviewedAt!.Value) : null,
        run.PurgedAt is not null);
}

/// <summary>A human reviewer's decision on a <c>manual_review</c> run, with who and when.</summary>
public sealed record JobReview(Verdict Verdict, string? Comment, string ReviewedBy, DateTimeOffset ReviewedAt);

/// <summary>The body of <c>POST /v1/jobs/{run_id}/review</c>: <c>approved</c> or <c>rejected</c>, and a comment.</summary>
public sealed record ReviewRequest(Verdict Verdict, string? Comment);

/// <summary>202 body of an accepted job.</summary>
public sealed record JobAccepted(Guid RunId, RunStatus Status, string Location);

/// <summary>A page of the caller's runs.</summary>
public sealed record JobPage(IReadOnlyList<JobStatus> Items, int Page, int PageSize, int Total);
