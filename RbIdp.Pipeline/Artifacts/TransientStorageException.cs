namespace RbIdp.Pipeline.Artifacts;

/// <summary>
/// The store could not be reached or answered with a temporary failure (network error, 5xx,
/// throttling, timeout). Retrying the operation later may succeed; every other exception from an
/// <see cref="IArtifactStore"/> is permanent (bad key, access denied, corrupt request).
/// </summary>
public sealed class TransientStorageException : Exception
{
    public TransientStorageException()
    {
    }

    public TransientStorageException(string message)
        : base(message)
    {
    }

    public TransientStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
