using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Apis;

/// <summary>
/// What every submitting endpoint takes (<c>[AsParameters]</c>): the reader that turns the form or JSON body into the
/// one <see cref="Pipeline.Documents.DocumentRequest"/>, the admission of its run (idempotent by <c>request_id</c>)
/// and the job queue.
/// </summary>
public sealed record SubmissionServices(SubmissionReader Reader, RunAdmission Admission, RunEnqueuer Enqueuer);
