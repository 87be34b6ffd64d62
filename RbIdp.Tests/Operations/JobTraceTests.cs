using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry.Trace;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Runs.Storage;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Operations;

/// <summary>
/// One trace per job: the spans the API and the worker export (through the service defaults' subscriptions, to an
/// in-memory exporter per host) share the trace id of <c>POST /v1/jobs</c>, down to the OCR pages, the storage calls
/// (the HTTP requests and our own storage spans) and the webhook delivery.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class JobTraceTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    [Fact]
    public async Task A_job_is_one_trace_from_the_submission_through_stages_ocr_storage_and_webhook()
    {
        var exported = new ConcurrentBag<List<Activity>>();
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3, services: services =>
        {
            // One list per host: each host's exporter adds under its own lock.
            var spans = new List<Activity>();
            exported.Add(spans);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        });
        await using var receiver = await WebhookReceiver.StartAsync();

        var submission = WorkerDocuments.ApprovedImage();
        await stack.ForgetCachedOcrAsync(submission.File);
        var runId = await stack.SubmitAsync(submission, receiver.CallbackUrl);
        await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(120));
        await stack.WaitForDeliveryAsync(runId, TimeSpan.FromSeconds(30));

        var process = await WaitForSpanAsync(exported, s => s.DisplayName == "document.process" && Tag(s, "rbidp.run_id") == runId.ToString());
        var trace = process.TraceId;
        await WaitForSpanAsync(exported, s => s.TraceId == trace && s.DisplayName == "WebhookJob.SendAsync");
        var spans = Snapshot(exported).Where(s => s.TraceId == trace).ToList();

        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == "POST" && Tag(s, "url.path") == "/v1/jobs");
        var job = Assert.Single(spans, s => s.DisplayName == "IDocumentJob.RunAsync");
        Assert.Equal(JobTracing.ActivitySourceName, job.Source.Name);
        Assert.Equal(job.SpanId, process.ParentSpanId);
        Assert.Contains(spans, s => s.DisplayName == "stage.ocr");
        Assert.Contains(spans, s => s.DisplayName == "ocr.page" && s.Source.Name == "RbIdp.Pipeline.Ocr");
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && (Tag(s, "url.full")?.StartsWith(s3.Endpoint.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) ?? false));

        // Storage spans of our own: the API stores the upload, the job reads it back and writes its artifacts — each
        // span naming the operation, the bucket and the run's key (no personal data in it).
        var storage = spans.Where(s => s.Source.Name == TracedArtifactStore.ActivitySourceName).ToList();
        var prefix = $"/{runId:D}/";
        Assert.All(storage, s => Assert.Equal(ApiFactory.Bucket, Tag(s, "rbidp.storage.bucket")));
        Assert.All(storage, s => Assert.DoesNotContain(submission.Request.Fio.Split(' ')[0], Tag(s, "rbidp.storage.key") ?? "", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(storage, s => Tag(s, "rbidp.storage.operation") == "put" && Tag(s, "rbidp.storage.key")!.EndsWith(prefix + ArtifactKeys.Input, StringComparison.Ordinal));
        Assert.Contains(storage, s => s.DisplayName == "storage.get" && Tag(s, "rbidp.storage.key")!.EndsWith(prefix + ArtifactKeys.Input, StringComparison.Ordinal)
            && s.GetTagItem("rbidp.storage.found") is true);
        Assert.Contains(storage, s => s.DisplayName == "storage.put" && Tag(s, "rbidp.storage.key")!.EndsWith(prefix + ArtifactKeys.Ocr, StringComparison.Ordinal));
        Assert.Contains(storage, s => s.DisplayName == "storage.put" && Tag(s, "rbidp.storage.key")!.EndsWith(prefix + ArtifactKeys.Result, StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && (Tag(s, "url.full")?.StartsWith(receiver.CallbackUrl.AbsoluteUri, StringComparison.Ordinal) ?? false));
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    /// <summary>
    /// The spans exported so far (a copy: an exporter may be adding meanwhile; a late span shows up in the next copy). Both
    /// hosts live in this one process, so each one's subscription also sees the other's spans: one span, once.
    /// </summary>
    private static List<Activity> Snapshot(ConcurrentBag<List<Activity>> exported) =>
        [.. exported.SelectMany(list => list.ToArray()).DistinctBy(s => s.SpanId)];

    /// <summary>A span is exported when it ends, which may be just after the state the test waited for is visible.</summary>
    private static async Task<Activity> WaitForSpanAsync(ConcurrentBag<List<Activity>> exported, Func<Activity, bool> match)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (Snapshot(exported).FirstOrDefault(match) is { } span)
            {
                return span;
            }

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), "the span was exported within 15 s");
            await Task.Delay(100);
        }
    }
}
