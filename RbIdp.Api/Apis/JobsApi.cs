using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RbIdp.Api.Infrastructure;
using RbIdp.Api.Security;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Pipeline.Runs.Webhooks;
using StackExchange.Redis;

namespace RbIdp.Api.Apis;

/// <summary>Asynchronous jobs: submit, poll, list, cancel, purge and review (the long-running-operation pattern).</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").WithTags(ApiDocuments.JobsTag).RequireAuthorization(Roles.ReadPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        jobs.MapPost("/", SubmitJob).WithName("SubmitJob").WithSummary("Submit a job")
            .WithDescription("Submit a document for asynchronous checking: multipart/form-data with `file` and the fields, or JSON with `s3_path`. "
                + "Answers 202 with `Location` of the status resource.")
            .AcceptsSubmission()
            .RequireAuthorization(Roles.SubmitPolicy);
        jobs.MapGet("/{runId:guid}", GetJob).WithName("GetJob").WithSummary("Get a job")
            .WithDescription("The status of a job, and its answer once done.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/", ListJobs).WithName("ListJobs").WithSummary("List jobs")
            .WithDescription("The caller's jobs, newest first, filtered and paged.")
            .ProducesValidationProblem();
        jobs.MapPost("/{runId:guid}/cancel", CancelJob).WithName("CancelJob").WithSummary("Cancel a job")
            .WithDescription("Stop a queued or running job (role submitter, its own jobs; or admin).")
            .RequireAuthorization(Roles.SubmitPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapDelete("/{runId:guid}", PurgeJob).WithName("PurgeJob").WithSummary("Purge a job")
            .WithDescription("Purge the job's stored personal data and artifacts; a tombstone stays (role submitter, its own jobs; or admin).")
            .RequireAuthorization(Roles.SubmitPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/{runId:guid}/review", ReviewJob).WithName("ReviewJob").WithSummary("Review a job")
            .WithDescription("Record a reviewer's decision on a manual_review job (role reviewer or admin).")
            .WithTags(ApiDocuments.ReviewTag)
            .RequireAuthorization(Roles.ReviewPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return jobs;
    }

    // Admits the submission and enqueues its job; a repeated idempotency key answers with the first run.
    // (A comment, not XML documentation: the OpenAPI document would publish a handler's <summary> and <remarks>
    // as the operation's summary and description, over WithSummary/WithDescription.)
    //
    // Storing the run and enqueueing its job are two steps (RunEnqueuer): the job's id is on the run before
    // any worker can start the job, written without the row's concurrency token, so a worker that starts at once
    // cannot turn an accepted job into an error. Should the enqueue fail (a database blip, the process dying in
    // between), the run stays `queued` without a `hangfire_job_id`. A retry with the same key is
    // AdmissionKind.Replayed and deliberately does not enqueue it either — the first request may still be
    // enqueueing. The worker's `StrandedRunSweeper` hands such a run to the queue once it has been untouched for
    // `Worker:Sweeper:QueuedGrace` (2 minutes); both claim the run with the same conditional write, so it gets
    // one job.
    public static async Task<Results<Accepted<JobAccepted>, ProblemHttpResult>> SubmitJob(
        [AsParameters] JobServices jobs, [AsParameters] SubmissionServices submissions,
        CallbackUrlPolicy callbacks, IOptions<WebhookOptions> webhooks, CancellationToken cancellationToken)
    {
        var (submission, problem) = await submissions.Reader.ReadAsync(jobs.Http.Request, allowCallback: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (submission!.CallbackUrl is { } callback)
        {
            var refusal = webhooks.Value.Secrets.ContainsKey(jobs.User.ClientId())
                ? await callbacks.CheckAsync(callback, cancellationToken)
                : "no webhook signing secret is configured for this client (Webhooks:Secrets)";
            if (refusal is not null)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.CallbackUrlNotAllowed, "callback_url not allowed", $"The callback URL cannot be used: {refusal}.");
            }
        }

        var admitted = await submissions.Admission.AdmitAsync(submission!, jobs.User.ClientId(), cancellationToken);
        if (admitted.Kind == AdmissionKind.KeyReusedWithOtherBody)
        {
            return Problems.IdempotencyConflict(admitted.Run.Id);
        }

        var run = admitted.Run;
        if (admitted.Kind == AdmissionKind.Created)
        {
            await submissions.Enqueuer.EnqueueAsync(run.Id);
        }

        return jobs.Accepted(run.Id, run.Status);
    }

    public static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> GetJob(Guid runId, [AsParameters] JobServices jobs, CancellationToken cancellationToken)
    {
        var run = await jobs.FindOwnAsync(runId, cancellationToken);
        return run is null ? Problems.NotFound($"No job {runId:D}.") : TypedResults.Ok(JobStatus.From(run));
    }

    public static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListJobs(
        [AsParameters] JobServices jobs, CancellationToken cancellationToken,
        [FromQuery] string? status = null, [FromQuery] string? verdict = null,
        [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null,
        [FromQuery] int page = 1, [FromQuery(Name = "page_size")] int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        var query = jobs.Owned(jobs.Db.Runs.AsNoTracking());
        if (status is not null)
        {
            if (Pipeline.Documents.WireNames.TryParse<RunStatus>(status, out var s)) { query = query.Where(r => r.Status == s); }
            else { errors["status"] = ["status is one of queued, running, succeeded, failed, canceled."]; }
        }

        if (verdict is not null)
        {
            if (Pipeline.Documents.WireNames.TryParse<Verdict>(verdict, out var v)) { query = query.Where(r => r.Verdict == v); }
            else { errors["verdict"] = ["verdict is one of approved, rejected, manual_review."]; }
        }

        if (page < 1 || pageSize is < 1 or > 200)
        {
            errors["page"] = ["page ≥ 1 and 1 ≤ page_size ≤ 200."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (from is not null) { query = query.Where(r => r.CreatedAt >= from); }
        if (to is not null) { query = query.Where(r => r.CreatedAt < to); }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new JobPage([.. items.Select(JobStatus.From)], page, pageSize, total));
    }

    public static async Task<Results<Accepted<JobStatus>, ProblemHttpResult>> CancelJob(
        Guid runId, [AsParameters] JobServices jobs, IBackgroundJobClient queue, IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        var run = await jobs.FindOwnAsync(runId, cancellationToken, tracking: true);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        if (run.Status.IsFinal())
        {
            return Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The job has already finished", $"Job {runId:D} is {run.Status}.");
        }

        run.CancelRequested = true;
        run.UpdatedAt = jobs.Clock.GetUtcNow();
        if (run.Status == RunStatus.Queued)
        {
            run.Status = RunStatus.Canceled;
            run.CompletedAt = run.UpdatedAt;
            if (run.HangfireJobId is not null)
            {
                queue.Delete(run.HangfireJobId);
            }
        }

        await jobs.Db.SaveChangesAsync(cancellationToken);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(IDocumentJob.CancelChannel), runId.ToString("D"));
        return TypedResults.Accepted($"/v1/jobs/{runId:D}", JobStatus.From(run));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PurgeJob(
        Guid runId, [AsParameters] JobServices jobs, RunPurge purge, CancellationToken cancellationToken)
    {
        var run = await jobs.FindOwnAsync(runId, cancellationToken, tracking: true);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        await purge.PurgeAsync(run, cancellationToken);
        await jobs.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> ReviewJob(
        Guid runId, ReviewRequest review, [AsParameters] JobServices jobs, CancellationToken cancellationToken)
    {
        if (review.Verdict == Verdict.ManualReview || review.Comment is { Length: > 4000 })
        {
            return Problems.Validation(new() { ["verdict"] = ["A review decides: verdict is approved or rejected; comment at most 4000 characters."] });
        }

        var run = await jobs.FindOwnAsync(runId, cancellationToken, tracking: true);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        if (run.Verdict != Verdict.ManualReview || run.ReviewVerdict is not null || run.PurgedAt is not null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The job cannot be reviewed",
                run.ReviewVerdict is not null ? "It was already reviewed." : "Only a finished manual_review job can be reviewed.");
        }

        run.ReviewVerdict = review.Verdict;
        run.ReviewComment = review.Comment;
        run.ReviewedBy = jobs.User.ClientId();
        run.ReviewedAt = run.UpdatedAt = jobs.Clock.GetUtcNow();
        await jobs.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(JobStatus.From(run));
    }
}
