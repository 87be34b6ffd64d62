using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Pipeline.Runs.Webhooks;

namespace RbIdp.Pipeline.Runs;

/// <summary>The runs table. Migrations live next to it and are applied by the API at start (one owner).</summary>
public sealed class RunsDbContext(DbContextOptions<RunsDbContext> options) : DbContext(options)
{
    public const string ConnectionName = "rbidp";

    public DbSet<DocumentRun> Runs => Set<DocumentRun>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var run = modelBuilder.Entity<DocumentRun>();
        run.ToTable("runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.ClientId).HasMaxLength(100);
        run.Property(r => r.RequestId).HasMaxLength(200);
        run.Property(r => r.RequestHash).HasMaxLength(64);
        run.Property(r => r.Fio).HasMaxLength(300);
        run.Property(r => r.Reason).HasConversion(WireEnum<DeferralReason>()).HasMaxLength(40);
        run.Property(r => r.DocType).HasConversion(WireEnum<DocumentType>()).HasMaxLength(40);
        run.Property(r => r.Status).HasConversion(WireEnum<RunStatus>()).HasMaxLength(20);
        run.Property(r => r.Verdict).HasConversion(WireEnum<Verdict>()).HasMaxLength(20);
        run.Property(r => r.ReviewVerdict).HasConversion(WireEnum<Verdict>()).HasMaxLength(20);
        run.Property(r => r.CallbackUrl).HasMaxLength(2000);
        run.Property(r => r.InputReference).HasMaxLength(1100);
        run.Property(r => r.InputSha256).HasMaxLength(64);
        run.Property(r => r.Stage).HasMaxLength(40);
        run.Property(r => r.PolicyVersion).HasMaxLength(40);
        run.Property(r => r.LlmOutcome).HasMaxLength(20);
        run.Property(r => r.ResultJson).HasColumnType("jsonb");
        run.Property(r => r.ReviewedBy).HasMaxLength(100);
        run.Property(r => r.ReviewComment).HasMaxLength(4000);
        run.Property(r => r.Version).IsRowVersion();

        // Idempotency is enforced by the database, not only by a cache: one run per client and key.
        run.HasIndex(r => new { r.ClientId, r.RequestId }).IsUnique().HasFilter("request_id IS NOT NULL");
        run.HasIndex(r => new { r.ClientId, r.CreatedAt });
        run.HasIndex(r => new { r.Status, r.UpdatedAt });

        var delivery = modelBuilder.Entity<WebhookDelivery>();
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.WebhookId).HasMaxLength(60);
        delivery.Property(d => d.Error).HasMaxLength(1000);
        delivery.HasIndex(d => d.RunId);
    }

    private static ValueConverter<TEnum, string> WireEnum<TEnum>() where TEnum : struct, Enum =>
        new(v => WireNames.Of(v), s => ParseWire<TEnum>(s));

    private static TEnum ParseWire<TEnum>(string value) where TEnum : struct, Enum =>
        WireNames.TryParse<TEnum>(value, out var parsed) ? parsed : throw new InvalidDataException($"Unknown {typeof(TEnum).Name} '{value}' in the runs table.");
}
