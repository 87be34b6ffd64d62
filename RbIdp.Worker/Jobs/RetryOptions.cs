using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Section <c>Worker:Retry</c>: how document jobs are retried after a transient fault — the delays between
/// attempts (each with ±20% jitter, so many failed jobs do not come back at once).
/// </summary>
public sealed class RetryOptions
{
    public const string SectionName = "Worker:Retry";

    [MinLength(1), MaxLength(20)]
    public int[] DelaysSeconds { get; set; } = [15, 60, 300, 900, 1800, 3600];

    /// <summary>Hangfire's retry filter for the document jobs (the webhook job carries its own).</summary>
    public AutomaticRetryAttribute ToFilter()
    {
        var delays = DelaysSeconds;
        return new AutomaticRetryAttribute
        {
            Attempts = delays.Length,
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            DelayInSecondsByAttemptFunc = attempt =>
            {
                var baseDelay = delays[(int)Math.Clamp(attempt - 1, 0, delays.Length - 1)];
                return (int)Math.Max(1, baseDelay * (0.8 + (0.4 * Random.Shared.NextDouble())));
            },
        };
    }
}

[OptionsValidator]
public sealed partial class RetryOptionsValidator : IValidateOptions<RetryOptions>;
