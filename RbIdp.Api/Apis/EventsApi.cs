using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using RbIdp.Api.Infrastructure;
using RbIdp.Api.Security;
using RbIdp.Pipeline.Runs;
using StackExchange.Redis;

namespace RbIdp.Api.Apis;

/// <summary>
/// <c>GET /v1/jobs/{run_id}/events</c>: server-sent events with the run's status, stage and percent as the
/// worker reports them (Redis pub/sub), ending with the final status.
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
            .RequireAuthorization(Roles.SubmitPolicy);

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamEvents(
        Guid runId, HttpContext http, ClaimsPrincipal user, RunsDbContext db, IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        var run = await JobsApi.FindOwnAsync(db, user, runId, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        var events = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        var channel = RedisChannel.Literal(IDocumentJob.EventsChannelPrefix + runId.ToString("D"));
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(channel, (_, message) => events.Writer.TryWrite(message.ToString()));
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
                    var message = await events.Reader.ReadAsync(tick.Token);
                    var final = message.Contains("\"final\"", StringComparison.Ordinal);
                    if (final)
                    {
                        db.ChangeTracker.Clear();
                        var done = await JobsApi.FindOwnAsync(db, user, runId, cancellationToken);
                        await WriteAsync(http, "status", done is null ? message : Snapshot(done), cancellationToken);
                        break;
                    }

                    await WriteAsync(http, "progress", message, cancellationToken);
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
        finally
        {
            await subscriber.UnsubscribeAsync(channel);
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
