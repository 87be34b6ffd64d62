using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.Storage.Monitoring;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Observable gauges on the product's meter, read from Hangfire's monitoring API when metrics are collected: jobs waiting
/// per queue (<c>rbidp.queue.depth</c>), how long the oldest of them has waited (<c>rbidp.queue.oldest_age</c>), and jobs
/// in Failed — the dead-letter list (<c>rbidp.jobs.failed</c>). One storage read serves the gauges of one collection.
/// </summary>
public sealed partial class QueueMetrics(IMeterFactory meters, JobStorage storage, TimeProvider timeProvider, ILogger<QueueMetrics> logger) : IHostedService
{
    private static readonly string[] KnownQueues = [IDocumentJob.Queue, HangfireSetup.WebhooksQueue];
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private (long Taken, Snapshot Value)? _snapshot;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(ProductMetrics.MeterName);
        meter.CreateObservableGauge("rbidp.queue.depth",
            () => Read().Queues.Select(q => new Measurement<long>(q.Length, new KeyValuePair<string, object?>("queue", q.Name))),
            "{job}", "Jobs enqueued and not yet fetched, per Hangfire queue");
        meter.CreateObservableGauge("rbidp.queue.oldest_age",
            () => Read().Queues.Select(q => new Measurement<double>(q.OldestAge.TotalSeconds, new KeyValuePair<string, object?>("queue", q.Name))),
            "s", "How long the oldest enqueued job of a queue has waited (0 when the queue is empty)");
        meter.CreateObservableGauge("rbidp.jobs.failed",
            () => Read().Failed is { } failed ? [new Measurement<long>(failed)] : Array.Empty<Measurement<long>>(),
            "{job}", "Jobs in Hangfire's Failed state (retries exhausted: the dead-letter list)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Snapshot Read()
    {
        lock (_gate)
        {
            if (_snapshot is { } cached && timeProvider.GetElapsedTime(cached.Taken) < SnapshotLifetime)
            {
                return cached.Value;
            }

            var value = Take();
            _snapshot = (timeProvider.GetTimestamp(), value);
            return value;
        }
    }

    private Snapshot Take()
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var queues = monitoring.Queues().ToDictionary(q => q.Name, StringComparer.Ordinal);
            var depths = KnownQueues.Union(queues.Keys)
                .Select(name => queues.TryGetValue(name, out var queue) ? Depth(queue, now) : new QueueDepth(name, 0, TimeSpan.Zero))
                .ToList();
            return new Snapshot(depths, monitoring.GetStatistics().Failed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database is down: no measurement rather than a wrong one; readiness reports the outage.
            LogUnavailable(logger, e.Message);
            return new Snapshot([], null);
        }
    }

    private static QueueDepth Depth(QueueWithTopEnqueuedJobsDto queue, DateTime now)
    {
        var oldest = queue.FirstJobs?.Select(j => j.Value?.EnqueuedAt).Where(t => t is not null).Min();
        return new QueueDepth(queue.Name, queue.Length, oldest is { } at && at < now ? now - at : TimeSpan.Zero);
    }

    private sealed record QueueDepth(string Name, long Length, TimeSpan OldestAge);

    private sealed record Snapshot(IReadOnlyList<QueueDepth> Queues, long? Failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hangfire queue metrics could not be read: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
