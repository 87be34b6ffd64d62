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

    /// <summary>Used when <see cref="DelaysSeconds"/> is not configured.</summary>
    public static readonly IReadOnlyList<int> DefaultDelaysSeconds = [15, 60, 300, 900, 1800, 3600];

    /// <summary>
    /// Empty by default, not pre-filled: the configuration binder appends configured elements to an array's
    /// initial ones, so a default here would be kept in front of the configured delays.
    /// </summary>
    [MaxLength(20)]
    public int[] DelaysSeconds { get; set; } = [];

    /// <summary>Hangfire's retry filter for the document jobs (the webhook job carries its own).</summary>
    public AutomaticRetryAttribute ToFilter()
    {
        IReadOnlyList<int> delays = DelaysSeconds.Length > 0 ? DelaysSeconds : DefaultDelaysSeconds;
        return new AutomaticRetryAttribute
        {
            Attempts = delays.Count,
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            DelayInSecondsByAttemptFunc = attempt =>
            {
                var baseDelay = delays[(int)Math.Clamp(attempt - 1, 0, delays.Count - 1)];
                return (int)Math.Max(1, baseDelay * (0.8 + (0.4 * Random.Shared.NextDouble())));
            },
        };
    }
}

[OptionsValidator]
public sealed partial class RetryOptionsValidator : IValidateOptions<RetryOptions>;
