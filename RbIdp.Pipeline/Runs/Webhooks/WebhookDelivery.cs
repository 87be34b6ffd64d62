namespace RbIdp.Pipeline.Runs.Webhooks;

/// <summary>One attempt to call a run's webhook: the delivery log an operator reads when a client says "we got nothing".</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public Guid RunId { get; set; }

    /// <summary>Stable per run (<c>msg_&lt;run_id&gt;</c>): every retry carries the same id, so receivers can drop duplicates.</summary>
    public required string WebhookId { get; set; }

    public int Attempt { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public bool Succeeded { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
}

/// <summary>The thin payload: the run id, status, verdict and a link — the receiver fetches the rest with its key.</summary>
public sealed record WebhookPayload(string Type, Guid RunId, string Status, string? Verdict, string Link, DateTimeOffset Timestamp);
