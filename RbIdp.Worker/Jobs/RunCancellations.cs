using System.Collections.Concurrent;
using RbIdp.Pipeline.Runs;
using StackExchange.Redis;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// The cancellation sources of the runs this worker is processing. The API publishes a run id on Redis
/// when a client cancels; the running job's token fires within milliseconds and the pipeline stops at the
/// next page or stage boundary.
/// </summary>
public sealed partial class RunCancellations(IConnectionMultiplexer redis, ILogger<RunCancellations> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public CancellationTokenSource Register(Guid runId, CancellationToken jobToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        _running[runId] = source;
        return source;
    }

    public void Unregister(Guid runId)
    {
        if (_running.TryRemove(runId, out var source))
        {
            source.Dispose();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(IDocumentJob.CancelChannel), (_, message) =>
        {
            if (Guid.TryParse(message.ToString(), out var runId) && _running.TryGetValue(runId, out var source))
            {
                LogCanceling(logger, runId);
                source.Cancel();
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(IDocumentJob.CancelChannel));

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: cancel requested, stopping")]
    private static partial void LogCanceling(ILogger logger, Guid runId);
}
