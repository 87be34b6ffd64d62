using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>Reads the document's bytes from storage (the uploaded copy or the client's allow-listed s3:// object).</summary>
public sealed class AcquireStage(IArtifactStore store) : IPipelineStage
{
    public string Name => "acquire";

    public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var maxBytes = context.Policy.Limits.MaxFileBytes;
        await using var stream = await store.OpenReadAsync(context.Input.Reference, cancellationToken)
            ?? throw new TransientPipelineException($"The input {context.Input.Reference} is not in storage (yet).");

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                context.Report(new CheckError(ErrorCode.UnreadableDocument, Severity.Reject,
                    $"The file is larger than the limit of {maxBytes / (1024 * 1024)} MB.", ErrorSource.Intake));
                return StageResult.Stop;
            }

            buffer.Write(chunk, 0, read);
        }

        context.Content = buffer.ToArray();
        context.Artifacts[ArtifactKeys.Input] = context.Input.Reference;
        return StageResult.Continue;
    }
}
