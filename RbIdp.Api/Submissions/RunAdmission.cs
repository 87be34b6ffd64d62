using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Submissions;

/// <summary>
/// Turns a validated submission into a stored run, exactly once per idempotency key: the input is hashed and
/// stored, then the row is inserted; a concurrent duplicate hits the unique index and gets the first run.
/// </summary>
public sealed partial class RunAdmission(RunsDbContext db, IArtifactStore store, TimeProvider timeProvider, ILogger<RunAdmission> logger)
{
    public async Task<Admission> AdmitAsync(Submission submission, string clientId, CancellationToken cancellationToken)
    {
        var request = submission.Request;
        var (inputSha256, inputBytes) = submission.File is { } file
            ? await HashAsync(file, cancellationToken)
            : (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(submission.S3Path!))), 0L);

        var requestHash = RequestHash(submission, inputSha256);
        if (request.RequestId is not null)
        {
            var existing = await FindAsync(clientId, request.RequestId, cancellationToken);
            if (existing is not null)
            {
                return existing.RequestHash == requestHash ? Admission.Replayed(existing) : Admission.KeyReused(existing);
            }
        }

        var now = timeProvider.GetUtcNow();
        var runId = Guid.CreateVersion7(now);
        var inputReference = submission.S3Path ?? ArtifactKeys.ForRun(runId, now, ArtifactKeys.Input);
        if (submission.File is { } upload)
        {
            // The form reader already holds the upload in a file beyond its first 64 KB (FormOptions.MemoryBufferThreshold):
            // that file is what storage reads, as a seekable stream of known length.
            await using var content = upload.OpenReadStream();
            await store.PutAsync(inputReference, content, "application/octet-stream", cancellationToken);
        }

        var run = new DocumentRun
        {
            Id = runId,
            ClientId = clientId,
            RequestId = request.RequestId,
            RequestHash = requestHash,
            Fio = request.Fio,
            Reason = request.Reason,
            DocType = request.DocType,
            ApplicationDate = request.ApplicationDate,
            CallbackUrl = submission.CallbackUrl?.AbsoluteUri,
            InputReference = inputReference,
            InputSha256 = inputSha256,
            InputBytes = inputBytes,
            Status = RunStatus.Queued,
            Stage = "queued",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Runs.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent request with the same key won the race: answer with its run.
            db.Entry(run).State = EntityState.Detached;
            if (submission.File is not null)
            {
                await ForgetStagedInputAsync(runId, now);
            }

            var winner = await FindAsync(clientId, request.RequestId!, cancellationToken)
                ?? throw new InvalidOperationException("Unique violation without a conflicting run.");
            return winner.RequestHash == requestHash ? Admission.Replayed(winner) : Admission.KeyReused(winner);
        }

        LogAdmitted(logger, run.Id, clientId, WireNames.Of(run.DocType), run.Fio);
        return Admission.Created(run);
    }

    /// <summary>
    /// Removes the upload of a request that lost the race to a duplicate. Best effort: the answer (the winner's
    /// run) does not depend on it, and a storage hiccup here must not turn a valid replay into a 503; an object
    /// left behind belongs to no run and holds only what the winner's run holds too.
    /// </summary>
    private async Task ForgetStagedInputAsync(Guid runId, DateTimeOffset createdAt)
    {
        try
        {
            await store.DeletePrefixAsync(ArtifactKeys.RunPrefix(runId, createdAt), CancellationToken.None);
        }
        catch (TransientStorageException e)
        {
            LogStagedInputLeft(logger, runId, e.Message);
        }
    }

    private Task<DocumentRun?> FindAsync(string clientId, string requestId, CancellationToken cancellationToken) =>
        db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.ClientId == clientId && r.RequestId == requestId, cancellationToken);

    /// <summary>The upload's SHA-256 and length, read once through a small buffer (the form reader keeps the upload in a file).</summary>
    private static async Task<(string Sha256, long Bytes)> HashAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var source = file.OpenReadStream();
        var buffer = new byte[81920];
        int read;
        long total = 0;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            total += read;
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), total);
    }

    private static string RequestHash(Submission submission, string inputSha256)
    {
        var r = submission.Request;
        var canonical = string.Join('\n',
            FioMask.Normalize(r.Fio), WireNames.Of(r.Reason), WireNames.Of(r.DocType), r.ApplicationDate.ToString("O"),
            submission.CallbackUrl?.AbsoluteUri ?? "", inputSha256);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The upload staged for {RunId}, which lost to a duplicate request, was not deleted: {Error}")]
    private static partial void LogStagedInputLeft(ILogger logger, Guid runId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} admitted for client {ClientId}: {DocType} of {Fio}")]
    private static partial void LogAdmitted(ILogger logger, Guid runId, string clientId, string docType, [PersonName] string fio);
}

/// <summary>The outcome of admitting a submission.</summary>
public sealed record Admission(DocumentRun Run, AdmissionKind Kind)
{
    public static Admission Created(DocumentRun run) => new(run, AdmissionKind.Created);

    public static Admission Replayed(DocumentRun run) => new(run, AdmissionKind.Replayed);

    public static Admission KeyReused(DocumentRun run) => new(run, AdmissionKind.KeyReusedWithOtherBody);
}

public enum AdmissionKind
{
    Created,
    Replayed,
    KeyReusedWithOtherBody,
}
