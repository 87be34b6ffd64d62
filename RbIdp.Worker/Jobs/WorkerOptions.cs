using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Section <c>Worker</c>: how the worker's Hangfire servers take jobs (the sub-sections <c>Worker:Retry</c> and
/// <c>Worker:Sweeper</c> are <see cref="RetryOptions"/> and <see cref="SweeperOptions"/>).
/// </summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Hangfire workers on the <c>documents</c> queue: by default one per core.</summary>
    [Range(1, 256)]
    public int DocumentWorkers { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How long a job taken by a worker that stopped answering stays invisible before another worker takes it again
    /// (sliding while the job runs); unset, the queue's default of 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan? InvisibilityTimeout { get; set; }

    /// <summary>How often delayed jobs (retries) are moved back to their queue; Hangfire's default is 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);
}

[OptionsValidator]
public sealed partial class WorkerOptionsValidator : IValidateOptions<WorkerOptions>;
