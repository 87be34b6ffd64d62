using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RbIdp.Pipeline.Runs.Webhooks;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Worker;

/// <summary>Jobs through the real API and the real Hangfire worker, on real PostgreSQL, Redis and S3.</summary>
[Collection(UsesServices.Name)]
public sealed class WorkerJobTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private ApiAndWorker _stack = null!;

    public async Task InitializeAsync() => _stack = await ApiAndWorker.StartAsync(postgres, redis, s3);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Job_succeeds_with_a_verdict_and_one_signed_thin_webhook_is_delivered_and_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var runId = await _stack.SubmitAsync(WorkerDocuments.ApprovedImage(), receiver.CallbackUrl);
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("approved", status.GetProperty("verdict").GetString());
        var hook = Assert.Single(await receiver.WaitForDeliveriesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.True(WebhookSigner.Verify(WorkerFactory.WebhookSecret, hook.Id, hook.Timestamp, hook.Body, hook.Signature), "the signature verifies");
        Assert.Equal($"msg_{runId:N}", hook.Id);
        var payload = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal(runId, payload.GetProperty("run_id").GetGuid());
        Assert.Equal("succeeded", payload.GetProperty("status").GetString());
        Assert.Equal("approved", payload.GetProperty("verdict").GetString());
        Assert.Equal($"/v1/jobs/{runId:D}", payload.GetProperty("link").GetString());
        Assert.False(payload.TryGetProperty("fio", out _), "the payload is thin: no personal data");
        Assert.False(payload.TryGetProperty("errors", out _), "the payload is thin: no result");

        var delivery = Assert.Single(await _stack.WaitForDeliveryAsync(runId, TimeSpan.FromSeconds(10)));
        Assert.True(delivery.Succeeded);
        Assert.Equal(200, delivery.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Webhook_answered_500_is_retried_and_delivered_once_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);

        var runId = await _stack.SubmitAsync(WorkerDocuments.ApprovedImage(), receiver.CallbackUrl);
        await _stack.WaitForFinalAsync(runId, JobTimeout);
        var received = await receiver.WaitForDeliveriesAsync(1, TimeSpan.FromSeconds(60));

        Assert.Equal([500, 200], received.Select(r => r.AnsweredWith));
        Assert.Single(received.Select(r => r.Id).Distinct());
        var log = await _stack.WaitForDeliveryAsync(runId, TimeSpan.FromSeconds(10));
        Assert.Equal([(1, 500, false), (2, 200, true)], log.Select(d => (d.Attempt, d.StatusCode ?? 0, d.Succeeded)));
        Assert.Single(log.Select(d => d.WebhookId).Distinct());
    }

    [Fact]
    public async Task Corrupt_image_is_rejected_as_unreadable_in_one_attempt_without_retry()
    {
        var runId = await _stack.SubmitAsync(WorkerDocuments.TruncatedPng());
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("rejected", status.GetProperty("verdict").GetString());
        Assert.Contains("UNREADABLE_DOCUMENT", status.GetProperty("result").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
        Assert.Equal(1, await _stack.RunColumnAsync<int>(runId, "attempts"));
    }

    [Fact]
    public async Task Cancel_stops_a_long_scanned_pdf_within_five_seconds()
    {
        var runId = await _stack.SubmitAsync(WorkerDocuments.ScannedPdf(pages: 8));
        await _stack.WaitForJobAsync(runId, s => s.GetProperty("status").GetString() == "running" && s.GetProperty("stage").GetString() == "ocr", JobTimeout);

        var stopwatch = Stopwatch.StartNew();
        using var cancel = await _stack.Client.PostAsync($"/v1/jobs/{runId:D}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);
        var elapsed = stopwatch.Elapsed;

        Assert.Equal("canceled", status.GetProperty("status").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"canceled after {elapsed.TotalSeconds:0.0} s");
        Assert.False(status.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null, "a canceled run has no result");
    }

    [Fact]
    public async Task Hangfire_job_page_shows_the_run_progress_bar()
    {
        var runId = await _stack.SubmitAsync(WorkerDocuments.ApprovedImage());
        await _stack.WaitForFinalAsync(runId, JobTimeout);
        var hangfireJobId = await _stack.RunColumnAsync<string>(runId, "hangfire_job_id");

        using var dashboard = DashboardBrowser.Open(_stack);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardBrowser.SignInAsync(dashboard, ApiFactory.AdminKey)).StatusCode);
        var html = await dashboard.GetStringAsync($"/hangfire/jobs/details/{hangfireJobId}").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("class=\"rbidp-progress\" data-percent=\"100\"", html, StringComparison.Ordinal);
        Assert.Contains("Stage: <strong>done</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hangfire_dashboard_needs_a_signed_in_admin_or_reviewer_outside_development()
    {
        using var anonymous = DashboardBrowser.Open(_stack);
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        using var response = await anonymous.GetAsync("/hangfire").WaitAsync(TimeSpan.FromSeconds(60));

        // A key header is not a session: the browser is sent to the sign-in form.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_stream_sends_progress_and_ends_with_the_final_status()
    {
        var runId = await _stack.SubmitAsync(WorkerDocuments.ScannedPdf(pages: 2));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{runId:D}/events");
        using var response = await _stack.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var events = new List<(string Type, JsonElement Data)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(JobTimeout);
        string? type = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is not null)
            {
                events.Add((type, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
            }
        }

        Assert.Contains(events, e => e.Type == "progress" && e.Data.GetProperty("stage").GetString() is { Length: > 0 });
        var last = events[^1];
        Assert.Equal("status", last.Type);
        Assert.Equal("succeeded", last.Data.GetProperty("status").GetString());
    }
}
