using System.Net;
using System.Net.Http.Headers;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Operations;

/// <summary>
/// <c>/metrics</c> in Prometheus format on the API and the worker, for a scraper with the scrape key: after jobs have run,
/// the product's series are there — stages, runs, errors, OCR, stamps, LLM, cache, webhooks, sync slots and the queues.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class MetricsEndpointTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    private const string ScrapeKey = "scrape-key-for-tests";

    private static readonly Dictionary<string, string?> ScrapeSettings = new()
    {
        ["Metrics:ScrapeKeySha256:0"] = ApiKeyRegistry.Hash(ScrapeKey),
    };

    [Fact]
    public async Task After_jobs_ran_metrics_expose_the_product_series_to_the_scraper_only()
    {
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3, workerSettings: ScrapeSettings, apiSettings: ScrapeSettings);
        await using var receiver = await WebhookReceiver.StartAsync();
        var approved = WorkerDocuments.ApprovedImage();

        await stack.ForgetCachedOcrAsync(approved.File);
        var first = await stack.SubmitAsync(approved, receiver.CallbackUrl);
        await stack.WaitForFinalAsync(first, TimeSpan.FromSeconds(120));
        var again = await stack.SubmitAsync(approved, receiver.CallbackUrl); // identical input: the cached answer
        var unreadable = await stack.SubmitAsync(WorkerDocuments.TruncatedPng());
        await stack.WaitForFinalAsync(again, TimeSpan.FromSeconds(120));
        await stack.WaitForFinalAsync(unreadable, TimeSpan.FromSeconds(120));
        await stack.WaitForDeliveryAsync(first, TimeSpan.FromSeconds(30));
        using (var sync = await stack.Client.PostAsync("/v1/process", ProcessForm(WorkerDocuments.TruncatedPng())))
        {
            Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        }

        using var worker = stack.Worker.CreateClient();
        using (var anonymous = await worker.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-scrape-key");
        using (var wrongKey = await worker.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeKey);
        var workerMetrics = await worker.GetStringAsync("/metrics");
        string[] series =
        [
            "rbidp_stage_duration_seconds_bucket{otel_scope_name=\"RbIdp\",outcome=\"completed\",stage=\"ocr\"",
            "rbidp_runs_total{otel_scope_name=\"RbIdp\",status=\"succeeded\",verdict=\"approved\"}",
            "rbidp_runs_total{otel_scope_name=\"RbIdp\",status=\"succeeded\",verdict=\"rejected\"}",
            "rbidp_errors_total{otel_scope_name=\"RbIdp\",code=\"UNREADABLE_DOCUMENT\"}",
            "rbidp_ocr_pages_total{otel_scope_name=\"RbIdp\",source=\"ocr\"}",
            "rbidp_ocr_confidence_percent_bucket{",
            "rbidp_stamp_candidates_total{otel_scope_name=\"RbIdp\",decision=",
            "rbidp_llm_calls_total{otel_scope_name=\"RbIdp\",outcome=\"skipped\"}",
            "rbidp_cache_misses_total{otel_scope_name=\"RbIdp\",kind=\"result\"}",
            "rbidp_cache_hits_total{otel_scope_name=\"RbIdp\",kind=\"result\"}",
            "rbidp_webhook_deliveries_total{otel_scope_name=\"RbIdp\",outcome=\"delivered\"}",
            "rbidp_queue_depth{otel_scope_name=\"RbIdp\",queue=\"documents\"}",
            "rbidp_queue_depth{otel_scope_name=\"RbIdp\",queue=\"webhooks\"}",
            "rbidp_queue_oldest_age_seconds{otel_scope_name=\"RbIdp\",queue=\"documents\"}",
            "rbidp_jobs_failed{otel_scope_name=\"RbIdp\"}",
        ];
        Assert.All(series, s => Assert.Contains(s, workerMetrics, StringComparison.Ordinal));

        using var api = stack.Api.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeKey);
        var apiMetrics = await api.GetStringAsync("/metrics");
        Assert.Contains("rbidp_sync_slots_in_use{otel_scope_name=\"RbIdp\"} 0", apiMetrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", apiMetrics, StringComparison.Ordinal);
    }

    private static MultipartFormDataContent ProcessForm(Submission submission) => new()
    {
        { new StringContent(submission.Request.Fio), "fio" },
        { new StringContent(WireNames.Of(submission.Request.Reason)), "reason" },
        { new StringContent(WireNames.Of(submission.Request.DocType)), "doc_type" },
        { new StringContent(submission.Request.ApplicationDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "application_date" },
        { new ByteArrayContent(submission.File), "file", submission.FileName },
    };
}
