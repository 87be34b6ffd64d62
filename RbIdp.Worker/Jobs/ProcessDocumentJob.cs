using Hangfire.Server;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Processes one run on the <c>documents</c> queue. Transient faults (storage, LLM, database) throw and are
/// retried by Hangfire with growing, jittered delays; a bad document ends with a verdict and is never
/// retried; exhausted retries leave the job in Failed (the dead-letter list on the dashboard).
/// </summary>
public sealed class ProcessDocumentJob(
    RunProcessor processor, RunCancellations cancellations, RunProgressFactory progressOf, RunCompletion completion, RunEvents events) : IDocumentJob
{
    public async Task RunAsync(Guid runId, PerformContext? performContext, CancellationToken cancellationToken)
    {
        using var cancellation = cancellations.Register(runId, cancellationToken);
        try
        {
            RunProcessingResult result;
            await using (var progress = progressOf.Start(runId, performContext))
            {
                result = await processor.ProcessAsync(runId, progress, cancellation.Token);
            }

            if (result is RunProcessingResult.Succeeded or RunProcessingResult.Failed or RunProcessingResult.Canceled or RunProcessingResult.AlreadyFinal)
            {
                await completion.AnnounceAsync(runId, cancellationToken);
            }

            await events.PublishAsync(RunEvent.Ended(runId, result));
        }
        finally
        {
            cancellations.Unregister(runId);
        }
    }
}
