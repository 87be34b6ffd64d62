using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RbIdp.Api.Security;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Apis;

/// <summary>
/// What every job endpoint takes (<c>[AsParameters]</c>): the request, the runs table and the clock — with the
/// caller's own runs and the answer that points a client at a job.
/// </summary>
public sealed record JobServices(HttpContext Http, RunsDbContext Db, TimeProvider Clock)
{
    private const int RetryAfterSeconds = 2;

    public ClaimsPrincipal User => Http.User;

    /// <summary>The caller's run (or any run for reviewers and admins); null when there is none the caller may see.</summary>
    public async Task<DocumentRun?> FindOwnAsync(Guid runId, CancellationToken cancellationToken, bool tracking = false)
    {
        var runs = tracking ? Db.Runs : Db.Runs.AsNoTracking();
        return await Owned(runs).SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>A client sees only its own runs (others are 404, not 403); reviewers and admins see all.</summary>
    public IQueryable<DocumentRun> Owned(IQueryable<DocumentRun> runs)
    {
        if (User.SeesAllRuns())
        {
            return runs;
        }

        var clientId = User.ClientId();
        return runs.Where(r => r.ClientId == clientId);
    }

    /// <summary>202 with the job's address in <c>Location</c> and <c>Operation-Location</c>, and when to ask again.</summary>
    public Accepted<JobAccepted> Accepted(Guid runId, RunStatus status)
    {
        var location = $"/v1/jobs/{runId:D}";
        Http.Response.Headers["Operation-Location"] = location;
        Http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Accepted(location, new JobAccepted(runId, status, location));
    }
}
