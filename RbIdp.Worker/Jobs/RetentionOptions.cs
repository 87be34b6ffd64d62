using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Section <c>Retention</c>: how long a run's personal data and artifacts are kept before <see cref="RetentionJob"/>
/// purges them (as <c>DELETE /v1/jobs/{id}</c> does; the tombstone row stays), and when the purge runs.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Runs created more than this many days ago are purged (policy: 30).</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 30;

    /// <summary>When the purge runs: a Hangfire cron expression in UTC (daily at 03:17 by default).</summary>
    [Required]
    [RegularExpression(@"^\S+( \S+){4}$", ErrorMessage = "Retention:Cron must be a five-field cron expression.")]
    public string Cron { get; set; } = "17 3 * * *";
}

[OptionsValidator]
public sealed partial class RetentionOptionsValidator : IValidateOptions<RetentionOptions>;
