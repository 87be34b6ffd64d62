using System.Globalization;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;
using StackExchange.Redis;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Publishes a run's stage and percent: on the run row (the authoritative status), as Hangfire job
/// parameters (drawn as a progress bar on the job page) and on Redis for the API's event stream.
/// </summary>
public sealed class RunProgress(Guid runId, PerformContext? performContext, RunsDbContext db, IConnectionMultiplexer redis, TimeProvider timeProvider) : IRunProgress
{
    public const string StageParameter = "rbidp-stage";
    public const string PercentParameter = "rbidp-progress";

    public async ValueTask ReportAsync(string stage, int percent, CancellationToken cancellationToken)
    {
        performContext?.SetJobParameter(StageParameter, stage);
        performContext?.SetJobParameter(PercentParameter, percent);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.Stage, stage).SetProperty(r => r.Progress, percent).SetProperty(r => r.UpdatedAt, timeProvider.GetUtcNow()),
            cancellationToken);
        await redis.GetSubscriber().PublishAsync(
            RedisChannel.Literal(IDocumentJob.EventsChannelPrefix + runId.ToString("D")),
            $"{{\"run_id\":\"{runId:D}\",\"status\":\"running\",\"stage\":\"{stage}\",\"progress\":{percent.ToString(CultureInfo.InvariantCulture)}}}");
    }
}
