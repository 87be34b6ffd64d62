using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Stages;

/// <summary>Writes and re-reads a run's stage artifacts (JSON, evidence images) under <c>runs/&lt;date&gt;/&lt;run_id&gt;/</c>.</summary>
internal sealed class ArtifactWriter(IArtifactStore store)
{
    /// <summary>
    /// Stores <paramref name="value"/> as the run's artifact <paramref name="name"/>: serialized now, written while
    /// the later stages run (a storage round trip off every document's critical path). The pipeline answers only
    /// once it is stored, and a failed write fails the run (<see cref="DocumentContext.WritesStoredAsync"/>).
    /// </summary>
    public void Save<T>(DocumentContext context, string name, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        SaveBytes(context, name, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);
    }

    /// <summary>Stores bytes already made (an evidence image, a serialised value) as the run's artifact <paramref name="name"/>, with its media type, as <see cref="Save{T}"/> does.</summary>
    public void SaveBytes(DocumentContext context, string name, byte[] content, CancellationToken cancellationToken)
    {
        var key = ArtifactKeys.ForRun(context.RunId, context.CreatedAt, name);
        context.Artifacts[name] = key;
        context.AddPendingWrite(PutAsync(key, content, ArtifactKeys.ContentTypeOf(name), cancellationToken));
    }

    private async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await store.PutAsync(key, stream, contentType, cancellationToken);
    }

    /// <summary>The artifact a previous attempt of the same run stored, if any (a rerun skips the work).</summary>
    public async Task<T?> LoadAsync<T>(DocumentContext context, string name, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var key = ArtifactKeys.ForRun(context.RunId, context.CreatedAt, name);
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken);
            if (value is not null)
            {
                context.Artifacts[name] = key;
            }

            return value;
        }
        catch (JsonException)
        {
            return null; // A torn or foreign file: do the work again.
        }
    }
}
