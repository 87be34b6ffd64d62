using System.Globalization;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// What a scenario ended with, reconciled from the clients' answers, the API's job list, the <c>runs</c> table,
/// Hangfire's jobs and the services' completion records.
/// </summary>
public sealed record ScenarioReport
{
    public required ReliabilityScenario Scenario { get; init; }

    public int Submitted { get; init; }

    /// <summary>Submissions the API acknowledged with a run id (202, or 200 with the answer).</summary>
    public int Acknowledged { get; init; }

    public int Succeeded { get; init; }

    /// <summary>Runs that ended <c>failed</c>: visible to the client and, when a job gave up, on Hangfire's Failed list.</summary>
    public int Failed { get; init; }

    /// <summary>Hangfire document jobs in the Failed state: the dead-letter list.</summary>
    public int DeadLetter { get; init; }

    /// <summary>Submissions never acknowledged, acknowledged runs missing from the table or never final, and runs the API does not list as the table has them.</summary>
    public int Lost { get; init; }

    /// <summary>Runs whose processing was completed more than once (more than one completion record across every API and worker process).</summary>
    public int ProcessedTwice { get; init; }

    /// <summary>Runs with at least one completion record: the evidence <see cref="ProcessedTwice"/> is counted from.</summary>
    public int CompletionRecords { get; init; }

    /// <summary>Answers of a status ≥ 500 other than 503 with <c>Retry-After</c>, to any client request.</summary>
    public int Bare5xx { get; init; }

    /// <summary>503 answers that carried <c>Retry-After</c>: the client was told to come back.</summary>
    public int Retryable503 { get; init; }

    /// <summary>Requests that got no answer at all (connection refused or reset, timeout): the client retried them.</summary>
    public int NoAnswer { get; init; }

    /// <summary>Runs answered from the duplicate-work cache (an earlier run's answer to the same file and fields).</summary>
    public int RepeatsServed { get; init; }

    /// <summary>Hangfire disagreements: jobs still open for final runs, jobs naming runs that do not exist.</summary>
    public int HangfireMismatches { get; init; }

    /// <summary>Runs that ended with <c>"llm": "failed"</c> and a verdict from the rules.</summary>
    public int LlmFailedWithVerdict { get; init; }

    /// <summary>What <c>/ready</c> said: the dependency named while down, and healthy after ("-" when nothing was taken down).</summary>
    public string Readiness { get; init; } = "-";

    public IReadOnlyDictionary<string, long> PeakRssMb { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> RssAfterMb { get; init; } = new Dictionary<string, long>();

    public TimeSpan Elapsed { get; init; }

    /// <summary>Example bare 5xx answers, for the bug report.</summary>
    public IReadOnlyList<string> Bare5xxSamples { get; init; } = [];

    /// <summary>Example lost or twice-processed runs, for the bug report.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The line the harness prints.</summary>
    public string Line =>
        FormattableString.Invariant($"reliability scenario={Scenario.Name} jobs={Scenario.Jobs} clients={Scenario.Clients} submitted={Submitted} acknowledged={Acknowledged} ")
        + FormattableString.Invariant($"succeeded={Succeeded} failed={Failed} dead_letter={DeadLetter} lost={Lost} processed_twice={ProcessedTwice} completion_records={CompletionRecords} ")
        + FormattableString.Invariant($"bare_5xx={Bare5xx} retry_503={Retryable503} no_answer={NoAnswer} repeats_served={RepeatsServed} hangfire_mismatch={HangfireMismatches} ")
        + (Scenario.Fault == Fault.LlmFailing ? FormattableString.Invariant($"llm_failed_with_verdict={LlmFailedWithVerdict} ") : "")
        + FormattableString.Invariant($"ready={Readiness} rss_peak_mb={Format(PeakRssMb)} rss_after_mb={Format(RssAfterMb)} elapsed_s={Elapsed.TotalSeconds:F0}");

    /// <summary>The row of docs/RELIABILITY.md.</summary>
    public string MarkdownRow =>
        FormattableString.Invariant($"| {Scenario.Name} | {Scenario.Jobs}/{Scenario.Clients} | {Submitted} | {Succeeded} | {Failed} ({DeadLetter}) | {Lost} | {ProcessedTwice} | ")
        + FormattableString.Invariant($"{Bare5xx} ({Retryable503}) | {RepeatsServed} | {Readiness}")
        + (Scenario.Fault == Fault.LlmFailing ? FormattableString.Invariant($"; llm failed + verdict {LlmFailedWithVerdict}") : "")
        + FormattableString.Invariant($" | {Format(PeakRssMb)} | {Format(RssAfterMb)} | {Elapsed.TotalSeconds:F0} s |");

    private static string Format(IReadOnlyDictionary<string, long> megabytes) =>
        string.Join(',', megabytes.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}:{m.Value}")));
}
