namespace RbIdp.Pipeline.Artifacts;

/// <summary>
/// Object storage for inputs and run artifacts. Keys are relative paths such as
/// <c>runs/2026-11-28/{run_id}/ocr.json</c>; the same keys are used on local disk and in S3.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing what was there.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens a stored object for reading, or returns null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a client's object in another bucket of the same S3 service (an allow-listed <c>s3_path</c>), or returns
    /// null when there is none. Reads at most <paramref name="maxBytes"/> + 1 bytes: enough to tell that it is too
    /// large, never a whole hostile object. The service's credentials need read access to that bucket.
    /// </summary>
    Task<Stream?> OpenClientObjectAsync(S3ObjectPath path, long maxBytes, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Lists the keys under a prefix (e.g. a run's folder).</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes every object under a prefix; returns how many were deleted.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>A short-lived URL to download the object directly, or null when the store cannot make one (local disk).</summary>
    Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Throws when the store is unreachable or not writable (readiness probe).</summary>
    Task CheckAvailableAsync(CancellationToken cancellationToken);
}
