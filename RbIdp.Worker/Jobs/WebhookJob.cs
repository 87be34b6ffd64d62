using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Runs.Webhooks;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Calls a finished run's <c>callback_url</c> with a thin, Standard-Webhooks-signed payload. Failed calls
/// are retried by Hangfire for about a day with growing delays; every attempt is logged per run; a run
/// that was already delivered is never delivered again (the <c>webhook-id</c> is stable per run).
/// </summary>
public sealed partial class WebhookJob(
    RunsDbContext db,
    IHttpClientFactory httpClients,
    CallbackUrlPolicy policy,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookJob> logger)
{
    [Queue(HangfireSetup.WebhooksQueue)]
    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [10, 30, 60, 300, 900, 1800, 3600, 7200, 10800, 14400, 21600, 21600],
        OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task SendAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run?.CallbackUrl is not { } callback || run.PurgedAt is not null)
        {
            return;
        }

        using var scope = RunLogScope.Begin(logger, run);

        if (await db.WebhookDeliveries.AnyAsync(d => d.RunId == runId && d.Succeeded, cancellationToken))
        {
            LogAlreadyDelivered(logger, runId);
            return;
        }

        var webhookId = $"msg_{runId:N}";
        var attempt = await db.WebhookDeliveries.CountAsync(d => d.RunId == runId, cancellationToken) + 1;
        var url = new Uri(callback);
        if (!options.Value.Secrets.TryGetValue(run.ClientId, out var secret))
        {
            await RecordAsync(runId, webhookId, attempt, null, "No webhook secret is configured for this client; not sent.", "no_secret", cancellationToken);
            return;
        }

        if (await policy.CheckAsync(url, cancellationToken) is { } refusal)
        {
            await RecordAsync(runId, webhookId, attempt, null, $"Refused: {refusal}.", "refused", cancellationToken);
            return;
        }

        var now = timeProvider.GetUtcNow();
        var payload = new WebhookPayload($"run.{WireNames.Of(run.Status)}", run.Id, WireNames.Of(run.Status),
            run.Verdict is { } verdict ? WireNames.Of(verdict) : null, $"/v1/jobs/{run.Id:D}", now);
        var body = JsonSerializer.Serialize(payload, WorkerJsonContext.Default.WebhookPayload);
        var timestamp = now.ToUnixTimeSeconds();

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSigner.IdHeader, webhookId);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(secret, webhookId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("RbIdp-Webhooks", "1.0"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(WebhookOptions.HttpClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            await RecordAsync(runId, webhookId, attempt, status, response.IsSuccessStatusCode ? null : $"HTTP {status}",
                response.IsSuccessStatusCode ? "delivered" : "http_error", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // With its status code, so the catch below does not log this attempt a second time.
                throw new HttpRequestException($"Webhook for run {runId} answered HTTP {status}; Hangfire retries later.", null, response.StatusCode);
            }

            LogDelivered(logger, runId, attempt);
        }
        catch (Exception e) when (e is HttpRequestException { StatusCode: null } or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await RecordAsync(runId, webhookId, attempt, null, e.Message, e is OperationCanceledException ? "timeout" : "network_error", cancellationToken);
            throw new HttpRequestException($"Webhook for run {runId} failed: {e.Message}; Hangfire retries later.", e);
        }
    }

    /// <summary>Logs one attempt in <c>webhook_deliveries</c> and counts it (<c>rbidp.webhook.deliveries</c>, by outcome:
    /// delivered, http_error, network_error, timeout, refused, no_secret).</summary>
    private async Task RecordAsync(Guid runId, string webhookId, int attempt, int? status, string? error, string outcome, CancellationToken cancellationToken)
    {
        ProductMetrics.WebhookAttempted(outcome);
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            RunId = runId,
            WebhookId = webhookId,
            Attempt = attempt,
            StatusCode = status,
            Error = error is { Length: > 1000 } ? error[..1000] : error,
            Succeeded = status is >= 200 and < 300,
            AttemptedAt = timeProvider.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: webhook delivered on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, Guid runId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: webhook was already delivered; not sent again")]
    private static partial void LogAlreadyDelivered(ILogger logger, Guid runId);
}
