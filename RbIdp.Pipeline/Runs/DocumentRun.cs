using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// One request to check one document, and everything known about it. This row, not Hangfire's job,
/// is the authoritative status of a run.
/// </summary>
public sealed class DocumentRun
{
    public Guid Id { get; set; }
    public required string ClientId { get; set; }
    public string? RequestId { get; set; }

    /// <summary>SHA-256 of the canonical request (fields + input hash): same key, other body → 422.</summary>
    public required string RequestHash { get; set; }

    public required string Fio { get; set; }
    public DeferralReason Reason { get; set; }
    public DocumentType DocType { get; set; }
    public DateOnly ApplicationDate { get; set; }
    public string? CallbackUrl { get; set; }

    /// <summary>Where the input lives: an artifact key of the uploaded copy, or the client's s3:// path.</summary>
    public required string InputReference { get; set; }
    public required string InputSha256 { get; set; }
    public long InputBytes { get; set; }

    public RunStatus Status { get; set; }
    public string? Stage { get; set; }
    public int Progress { get; set; }
    public Verdict? Verdict { get; set; }
    public string? FailureReason { get; set; }
    public string? PolicyVersion { get; set; }
    public string? LlmOutcome { get; set; }

    /// <summary>The full answer of DOMAIN.md §4 as JSON, once the run succeeded.</summary>
    public string? ResultJson { get; set; }

    public int Attempts { get; set; }
    public bool CancelRequested { get; set; }
    public string? HangfireJobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the webhook job was enqueued: set once, so a rerun never sends a second webhook.</summary>
    public DateTimeOffset? WebhookEnqueuedAt { get; set; }

    /// <summary>Set when the run's personal data was purged (DELETE); the row stays as a tombstone.</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    public Verdict? ReviewVerdict { get; set; }
    public string? ReviewComment { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}
