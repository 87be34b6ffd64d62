using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// A fixed number of <see cref="TesseractEngine"/>s, created on first need and reused across pages and documents.
/// <see cref="RentAsync"/> waits for a free engine; disposing the lease gives it back.
/// </summary>
internal sealed partial class OcrEnginePool : IDisposable
{
    private readonly OcrOptions _options;
    private readonly ILogger<OcrEnginePool> _logger;
    private readonly SemaphoreSlim _free;
    private readonly ConcurrentBag<TesseractEngine> _idle = [];
    private readonly ConcurrentBag<TesseractEngine> _all = [];
    private bool _disposed;
    private int _waiting;

    public OcrEnginePool(IOptions<OcrOptions> options, ILogger<OcrEnginePool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _free = new SemaphoreSlim(_options.PoolSize, _options.PoolSize);
    }

    public int Size => _options.PoolSize;

    /// <summary>Whether a page is waiting for an engine (or about to get one): an engine lent to help another page should come back.</summary>
    public bool HasWaiters => Volatile.Read(ref _waiting) > 0;

    public async ValueTask<EngineLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _free.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return Lease();
    }

    /// <summary>An idle engine (started now if the pool has not started all of its engines yet), or null when every engine is busy.</summary>
    public EngineLease? TryRent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _free.Wait(0) ? Lease() : null;
    }

    /// <summary>An engine for a caller that holds one of the semaphore's slots.</summary>
    private EngineLease Lease()
    {
        if (_idle.TryTake(out var engine))
        {
            return new EngineLease(this, engine);
        }

        try
        {
            engine = new TesseractEngine(_options.Languages, _options.TessdataPath);
        }
        catch
        {
            _free.Release();
            throw;
        }

        _all.Add(engine);
        LogEngineCreated(_logger, _all.Count, _options.PoolSize);
        return new EngineLease(this, engine);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var engine in _all)
        {
            engine.Dispose();
        }

        _free.Dispose();
    }

    private void Return(TesseractEngine engine)
    {
        if (_disposed)
        {
            return;
        }

        _idle.Add(engine);
        _free.Release();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tesseract engine {Count} of {PoolSize} created")]
    private static partial void LogEngineCreated(ILogger logger, int count, int poolSize);

    /// <summary>An engine on loan; dispose to return it.</summary>
    public readonly struct EngineLease(OcrEnginePool pool, TesseractEngine engine) : IDisposable
    {
        public TesseractEngine Engine { get; } = engine;

        public void Dispose() => pool.Return(Engine);
    }
}
