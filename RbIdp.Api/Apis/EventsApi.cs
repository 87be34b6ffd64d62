using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using RbIdp.Api.Infrastructure;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Apis;

/// <summary>
/// <c>GET /v1/jobs/{run_id}/events</c>: server-sent events with the run's status, stage and percent as the
/// worker reports them (<see cref="RunEvent"/>s on Redis pub/sub), ending with the final status.
/// </summary>
public static class EventsApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(30);

    public static RouteHandlerBuilder MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/jobs/{runId:guid}/events", StreamEvents)
            .WithTags(ApiDocuments.EventsTag).WithName("StreamJobEvents").WithSummary("Stream a job's events")
            .WithDescription("Server-sent events: the job's status and progress until it ends.")
            .ProducesEventStream()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Roles.ReadPolicy);

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamEvents(
        Guid runId, [AsParameters] JobServices jobs, RunEvents runEvents, CancellationToken cancellationToken)
    {
        var run = await jobs.FindOwnAsync(runId, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        var http = jobs.Http;
        var events = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        await using var subscription = await runEvents.SubscribeAsync(runId, runEvent => events.Writer.TryWrite(runEvent));
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            await WriteAsync(http, "status", Snapshot(run), cancellationToken);
            if (run.Status.IsFinal())
            {
                return TypedResults.Empty;
            }

            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lifetime.CancelAfter(MaxStream);
            while (!lifetime.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
                tick.CancelAfter(Heartbeat);
                try
                {
                    var runEvent = await events.Reader.ReadAsync(tick.Token);
                    if (runEvent.Final)
                    {
                        jobs.Db.ChangeTracker.Clear();
                        var done = await jobs.FindOwnAsync(runId, cancellationToken);
                        await WriteAsync(http, "status", done is null ? RunEvents.Serialize(runEvent) : Snapshot(done), cancellationToken);
                        break;
                    }

                    await WriteAsync(http, "progress", RunEvents.Serialize(runEvent), cancellationToken);
                }
                catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }

        return TypedResults.Empty;
    }

    private static string Snapshot(DocumentRun run) =>
        JsonSerializer.Serialize(JobStatus.From(run) with { Result = null }, ApiJsonContext.Default.JobStatus);

    private static async Task WriteAsync(HttpContext http, string type, string data, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync($"event: {type}\ndata: {data}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
