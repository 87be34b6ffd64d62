using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Operations;

/// <summary>A run row as the API and the worker leave an approved one, written straight to the runs table (no pipeline).</summary>
public static class FinishedRuns
{
    public static async Task<DocumentRun> StoreAsync(ApiAndWorker stack, DateTimeOffset createdAt, string inputSha256)
    {
        var id = Guid.CreateVersion7(createdAt);
        var run = new DocumentRun
        {
            Id = id,
            ClientId = "client-a",
            RequestHash = new string('0', 64),
            Fio = "Сидорова Анна Павловна",
            Reason = DeferralReason.Illness,
            DocType = DocumentType.SickLeave,
            ApplicationDate = DateOnly.FromDateTime(createdAt.UtcDateTime),
            InputReference = ArtifactKeys.ForRun(id, createdAt, ArtifactKeys.Input),
            InputSha256 = inputSha256,
            Status = RunStatus.Succeeded,
            Verdict = Verdict.Approved,
            ResultJson = "{}",
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            CompletedAt = createdAt,
        };
        using var scope = stack.Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RunsDbContext>();
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        return run;
    }
}
