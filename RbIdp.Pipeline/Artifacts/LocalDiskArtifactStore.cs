using Microsoft.Extensions.Logging;

namespace RbIdp.Pipeline.Artifacts;

/// <summary>
/// Artifacts as files under a root folder, one file per key (<c>/</c> becomes the folder separator).
/// Writes go to a staging file first and are renamed into place, so a reader never sees half a file.
/// The content type is not kept; there are no download URLs.
/// </summary>
internal sealed partial class LocalDiskArtifactStore(string rootPath, ILogger<LocalDiskArtifactStore> logger) : IArtifactStore
{
    /// <summary>Staging folder for writes in progress; keys cannot name it (no segment starts with '.').</summary>
    private const string StagingFolder = ".staging";

    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));

    public string RootPath => _root;

    /// <summary>Local disk has no buckets: a client's <c>s3://</c> object can only be read through the S3 store.</summary>
    public Task<Stream?> OpenClientObjectAsync(S3ObjectPath path, long maxBytes, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{path} cannot be read: s3:// inputs need the S3 artifact store (ArtifactStore:Kind=S3), not local disk.");

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var staging = Path.Combine(_root, StagingFolder);
        var temp = Path.Combine(staging, $"{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            LogStored(logger, key);
        }
        catch (IOException ex) when (!IsPermanent(ex))
        {
            throw new TransientStorageException($"Could not write artifact '{key}' under {_root}.", ex);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (IOException ex) when (!IsPermanent(ex))
        {
            throw new TransientStorageException($"Could not read artifact '{key}' under {_root}.", ex);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(PathOf(key)));
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidPrefix(prefix);
        return Task.FromResult<IReadOnlyList<string>>(Find(prefix, cancellationToken));
    }

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidPrefix(prefix);
        var deleted = 0;
        foreach (var key in Find(prefix, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(PathOf(key));
            deleted++;
            RemoveEmptyFolders(Path.GetDirectoryName(PathOf(key))!);
        }

        LogDeleted(logger, prefix, deleted);
        return Task.FromResult(deleted);
    }

    public Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidKey(key);
        return Task.FromResult<Uri?>(null);
    }

    public async Task CheckAvailableAsync(CancellationToken cancellationToken)
    {
        var staging = Path.Combine(_root, StagingFolder);
        var probe = Path.Combine(staging, $"probe-{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            await File.WriteAllBytesAsync(probe, [1], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransientStorageException($"The artifact folder {_root} is not writable.", ex);
        }
        finally
        {
            TryDelete(probe);
        }
    }

    private string PathOf(string key)
    {
        ArtifactKeys.EnsureValidKey(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));

        // Belt and braces: validation already forbids '..', so this only fails on a bug.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact key '{key}' resolves outside the store.", nameof(key));
        }

        return path;
    }

    /// <summary>Keys starting with <paramref name="prefix"/> (a plain string prefix, as in S3), sorted ordinally.</summary>
    private List<string> Find(string prefix, CancellationToken cancellationToken)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        var keys = new List<string>();
        if (!Directory.Exists(folder))
        {
            return keys;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !IsInternal(key))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static bool IsInternal(string key) => key[0] == '.' || key.Contains("/.", StringComparison.Ordinal);

    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > _root.Length
            && folder.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // a concurrent writer put something there
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }

    private static bool IsPermanent(Exception ex) => ex is FileNotFoundException or DirectoryNotFoundException or PathTooLongException;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored artifact {Key} on disk")]
    private static partial void LogStored(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} artifacts under {Prefix} on disk")]
    private static partial void LogDeleted(ILogger logger, string prefix, int count);
}
