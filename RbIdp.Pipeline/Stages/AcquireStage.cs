using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Reads the document's bytes: the uploaded copy from our storage, or the client's allow-listed <c>s3://</c> object
/// (never more than the size limit plus one byte of it). A client object that is missing or too large is the
/// client's input, answered with <c>UNREADABLE_DOCUMENT</c>; an upload not in storage yet is a transient fault.
/// </summary>
public sealed class AcquireStage(IArtifactStore store) : IPipelineStage
{
    public string Name => "acquire";

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.Content)];

    public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var maxBytes = context.Policy.Limits.MaxFileBytes;
        var reference = context.Input.Reference;
        var clientObject = context.Input.IsClientS3Path ? S3ObjectPath.Parse(reference) : null;
        await using var stream = clientObject is not null
            ? await store.OpenClientObjectAsync(clientObject, maxBytes, cancellationToken)
            : await store.OpenReadAsync(reference, cancellationToken);
        if (stream is null)
        {
            return clientObject is null
                ? throw new TransientPipelineException($"The input {reference} is not in storage (yet).")
                : Reject(context, $"There is no object {clientObject} (or this service may not see it).");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return Reject(context, $"The file is larger than the limit of {maxBytes / (1024 * 1024)} MB.");
            }

            buffer.Write(chunk, 0, read);
        }

        context.Work.Content.Write(buffer.ToArray());
        context.Artifacts[ArtifactKeys.Input] = reference;
        return StageResult.Continue;
    }

    private static StageResult Reject(DocumentContext context, string message)
    {
        context.Report(new CheckError(ErrorCode.UnreadableDocument, Severity.Reject, message, ErrorSource.Intake));
        return StageResult.Stop;
    }
}
