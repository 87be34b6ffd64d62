using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Section <c>Worker:Sweeper</c>: how often <see cref="StrandedRunSweeper"/> looks for runs that have no job, and how
/// long a run is left to its owner before the sweeper hands it to the job queue.
/// </summary>
public sealed class SweeperOptions : IValidatableObject
{
    public const string SectionName = "Worker:Sweeper";

    /// <summary>How often the sweep runs: whole minutes that divide an hour (it is a cron schedule).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A <c>queued</c> run without a job whose row has not changed for this long was left by an API that failed between
    /// storing the run and enqueueing it. The API enqueues within milliseconds; the grace only has to cover a slow request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan QueuedGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A <c>running</c> run without a job (the synchronous path of <c>POST /v1/process</c>) whose row has not changed for
    /// this long was left by an API process that died mid-run. The sync path does not touch the row while it works, so
    /// this must exceed the longest sync run: at most <c>Submissions:SyncMaxPages</c> (3) pages, each bounded by
    /// <c>Decoding:RenderTimeout</c> (30 s) and two OCR reads of <c>Ocr:PageTimeout</c> (60 s), plus the LLM (a question
    /// and at most one repair, each within <c>Llm:TotalTimeout</c>, 90 s) and storage calls — about 11 minutes at worst, hence 15.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan RunningStale { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The Hangfire cron expression of <see cref="Interval"/> (UTC).</summary>
    public string Cron => Interval == TimeSpan.FromHours(1)
        ? "0 * * * *"
        : string.Create(CultureInfo.InvariantCulture, $"*/{(int)Interval.TotalMinutes} * * * *");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Out-of-range values are reported by [Range]; here only the shape of an in-range interval.
        if (Interval >= TimeSpan.FromMinutes(1) && (Interval.Ticks % TimeSpan.TicksPerMinute != 0 || 60 % (int)Interval.TotalMinutes != 0))
        {
            yield return new ValidationResult(
                $"{SectionName}:Interval must be a whole number of minutes that divides an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60); it is {Interval}.",
                [nameof(Interval)]);
        }

        if (RunningStale <= QueuedGrace)
        {
            yield return new ValidationResult(
                $"{SectionName}:RunningStale ({RunningStale}) must be longer than QueuedGrace ({QueuedGrace}): a sync run takes longer than an enqueue.",
                [nameof(RunningStale)]);
        }
    }
}

[OptionsValidator]
public sealed partial class SweeperOptionsValidator : IValidateOptions<SweeperOptions>;
