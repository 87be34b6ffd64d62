using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RbIdp.Pipeline.Telemetry;

/// <summary>
/// The product's own instruments, all on the meter <c>RbIdp</c> (exported by OTLP and at <c>/metrics</c> by the service
/// defaults). Names follow the OpenTelemetry conventions; Prometheus sees them with <c>_</c> and a unit suffix
/// (<c>rbidp.stage.duration</c> in seconds → <c>rbidp_stage_duration_seconds_bucket</c>). Tags carry only
/// bounded values (stage, status, verdict, error code, outcome, queue): never a run id or personal data.
/// The Hangfire queue gauges are the worker's (<c>QueueMetrics</c>): they read its job storage.
/// </summary>
public static class ProductMetrics
{
    public const string MeterName = "RbIdp";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>How long each stage of a document took (failed stages included, tagged <c>outcome</c>).</summary>
    private static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "rbidp.stage.duration", "s", "Time a pipeline stage took for one document",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });

    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "rbidp.runs", "{run}", "Runs that reached a final status, by status and verdict");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "rbidp.errors", "{error}", "Check errors in answers, by error code");

    private static readonly Counter<long> OcrPages = Meter.CreateCounter<long>(
        "rbidp.ocr.pages", "{page}", "Pages read, by text source (Tesseract or a PDF text layer)");

    private static readonly Histogram<double> OcrConfidence = Meter.CreateHistogram<double>(
        "rbidp.ocr.confidence", "%", "Mean Tesseract word confidence of a page",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95] });

    private static readonly Counter<long> StampCandidates = Meter.CreateCounter<long>(
        "rbidp.stamp.candidates", "{candidate}", "Stamp candidates judged, by decision (accepted or refused)");

    private static readonly Counter<long> LlmCalls = Meter.CreateCounter<long>(
        "rbidp.llm.calls", "{call}", "LLM checks, by outcome (used, failed, skipped)");

    private static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
        "rbidp.cache.hits", "{hit}", "Duplicate-work cache lookups answered from Redis, by kind (result, ocr)");

    private static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>(
        "rbidp.cache.misses", "{miss}", "Duplicate-work cache lookups that found nothing, by kind (result, ocr)");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "rbidp.webhook.deliveries", "{delivery}", "Webhook delivery attempts, by outcome");

    private static readonly UpDownCounter<long> SyncSlots = Meter.CreateUpDownCounter<long>(
        "rbidp.sync.slots_in_use", "{slot}", "Synchronous /v1/process checks running in the API now");

    private static readonly Counter<long> RetentionPurges = Meter.CreateCounter<long>(
        "rbidp.retention.purged", "{run}", "Runs purged by the retention job");

    public static void StageCompleted(string stage, TimeSpan elapsed, bool failed) =>
        StageDuration.Record(elapsed.TotalSeconds, new TagList { { "stage", stage }, { "outcome", failed ? "failed" : "completed" } });

    public static void RunFinished(string status, string? verdict) =>
        Runs.Add(1, new TagList { { "status", status }, { "verdict", verdict ?? "none" } });

    public static void ErrorReported(string code) => Errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public static void PageRead(string source, double? confidence)
    {
        OcrPages.Add(1, new KeyValuePair<string, object?>("source", source));
        if (confidence is { } value)
        {
            OcrConfidence.Record(value);
        }
    }

    public static void StampCandidateJudged(bool accepted) =>
        StampCandidates.Add(1, new KeyValuePair<string, object?>("decision", accepted ? "accepted" : "refused"));

    public static void LlmCalled(string outcome) => LlmCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void CacheLookup(string kind, bool hit) =>
        (hit ? CacheHits : CacheMisses).Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void WebhookAttempted(string outcome) => WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void SyncSlotTaken() => SyncSlots.Add(1);

    public static void SyncSlotReleased() => SyncSlots.Add(-1);

    public static void RunsPurged(int count) => RetentionPurges.Add(count);
}
