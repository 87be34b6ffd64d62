using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Api.Submissions;

/// <summary>
/// How many documents <c>POST /v1/process</c> checks in-process at once (<c>Submissions:SyncConcurrency</c>).
/// A request that finds no free slot does not wait: it goes to the job queue (202). The API never queues work itself.
/// </summary>
public sealed class SyncCapacity(IOptions<SubmissionOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.SyncConcurrency, options.Value.SyncConcurrency);

    /// <summary>Documents with more pages than this go to the job queue.</summary>
    public int MaxPages => options.Value.SyncMaxPages;

    /// <summary>A slot, released on dispose; null when all are taken.</summary>
    public Slot? TryAcquire()
    {
        if (!_slots.Wait(0))
        {
            return null;
        }

        ProductMetrics.SyncSlotTaken();
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    public sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                ProductMetrics.SyncSlotReleased();
                slots.Release();
            }
        }
    }
}
