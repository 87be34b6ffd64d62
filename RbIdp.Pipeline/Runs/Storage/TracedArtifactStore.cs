using System.Diagnostics;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Pipeline.Runs.Storage;

/// <summary>
/// A span per storage call (source <see cref="ActivitySourceName"/>, exported with the product's other sources), so a
/// job's trace shows which artifact was read or written, where and how long it took — on local disk as in S3, where the
/// HTTP client's own spans show only the request. Tags: <c>rbidp.storage.operation</c>, <c>rbidp.storage.bucket</c>
/// (S3 only) and <c>rbidp.storage.key</c>. An artifact key is <c>runs/&lt;day&gt;/&lt;run_id&gt;/&lt;name&gt;</c>, with no
/// personal data; a client's own object (<c>s3_path</c>) is named by its bucket only, as its key is the client's choice
/// and may hold a name. Readiness checks (<see cref="IArtifactStore.CheckAvailableAsync"/>) are not traced: they are
/// not part of any request or job.
/// </summary>
public sealed class TracedArtifactStore(IArtifactStore inner, string? bucket) : IArtifactStore, IDisposable
{
    public const string ActivitySourceName = "RbIdp.Storage";

    private static readonly ActivitySource Activities = new(ActivitySourceName);

    /// <summary>The store that does the work.</summary>
    public IArtifactStore Inner => inner;

    public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        TraceAsync("put", bucket, key, async () =>
        {
            await inner.PutAsync(key, content, contentType, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        TraceAsync("get", bucket, key, () => inner.OpenReadAsync(key, cancellationToken), found: s => s is not null);

    public Task<Stream?> OpenClientObjectAsync(S3ObjectPath path, long maxBytes, CancellationToken cancellationToken) =>
        TraceAsync("get_client_object", path.Bucket, key: null, () => inner.OpenClientObjectAsync(path, maxBytes, cancellationToken), found: s => s is not null);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        TraceAsync("exists", bucket, key, () => inner.ExistsAsync(key, cancellationToken), found: e => e);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        TraceAsync("list", bucket, prefix, () => inner.ListAsync(prefix, cancellationToken));

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken) =>
        TraceAsync("delete_prefix", bucket, prefix, () => inner.DeletePrefixAsync(prefix, cancellationToken));

    public Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken) =>
        TraceAsync("presign", bucket, key, () => inner.GetDownloadUrlAsync(key, lifetime, cancellationToken));

    public Task CheckAvailableAsync(CancellationToken cancellationToken) => inner.CheckAvailableAsync(cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private static async Task<T> TraceAsync<T>(string operation, string? bucket, string? key, Func<Task<T>> call, Func<T, bool>? found = null)
    {
        using var activity = Activities.StartActivity($"storage.{operation}", ActivityKind.Internal);
        if (activity is null)
        {
            return await call().ConfigureAwait(false);
        }

        activity.SetTag("rbidp.storage.operation", operation);
        activity.SetTag("rbidp.storage.bucket", bucket);
        activity.SetTag("rbidp.storage.key", key);
        try
        {
            var result = await call().ConfigureAwait(false);
            if (found is not null)
            {
                activity.SetTag("rbidp.storage.found", found(result));
            }

            return result;
        }
        catch (Exception e)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            activity.SetTag("error.type", e.GetType().FullName);
            throw;
        }
    }
}
