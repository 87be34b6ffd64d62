using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Reads the document's bytes: the uploaded copy from our storage, or the client's allow-listed <c>s3://</c> object
/// (never more than the size limit plus one byte of it). A client object that is missing or too large is the
/// client's input, answered with <c>UNREADABLE_DOCUMENT</c>; an upload not in storage yet is a transient fault.
/// </summary>
internal sealed class AcquireStage(IArtifactStore store) : IPipelineStage
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

        var content = await ReadAtMostAsync(stream, maxBytes, cancellationToken);
        if (content is null)
        {
            return Reject(context, $"The file is larger than the limit of {maxBytes / (1024 * 1024)} MB.");
        }

        context.Work.Content.Write(content);
        context.Artifacts[ArtifactKeys.Input] = reference;
        return StageResult.Continue;
    }

    /// <summary>
    /// The whole stream, or null when it holds more than <paramref name="maxBytes"/>. Storage answers with a buffer of
    /// known length, read into one array of that size, where a growing MemoryStream and its ToArray would allocate about
    /// three times the file on the large-object heap.
    /// </summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            var length = stream.Length - stream.Position;
            if (length > maxBytes)
            {
                return null;
            }

            var content = GC.AllocateUninitializedArray<byte>((int)length);
            await stream.ReadExactlyAsync(content, cancellationToken);
            return content;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static StageResult Reject(DocumentContext context, string message)
    {
        context.Report(new CheckError(ErrorCode.UnreadableDocument, Severity.Reject, message, ErrorSource.Intake));
        return StageResult.Stop;
    }
}
