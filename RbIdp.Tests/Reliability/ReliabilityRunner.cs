using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Llm;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// Runs one <see cref="ReliabilityScenario"/> on a <see cref="LocalDeployment"/>: concurrent clients submit every
/// document (retrying what got no answer or a 503, with the same <c>Idempotency-Key</c>), the fault strikes once a
/// third of them is in, every run is waited for, and the clients' answers, the API's job list, the <c>runs</c> table,
/// Hangfire's jobs and the services' completion records are reconciled into a <see cref="ScenarioReport"/>.
/// Everything goes through HTTP and SQL, as an operator would see it.
/// </summary>
public sealed partial class ReliabilityRunner(LocalDeployment stack, ReliabilityScenario scenario, Action<string> log)
{
    private static readonly string[] FinalStatuses = ["succeeded", "failed", "canceled"];

    private readonly ConcurrentDictionary<int, Guid> _acknowledged = new();
    private readonly ConcurrentQueue<string> _bare5xx = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _namedWhileDown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _readinessAnswers = new(StringComparer.Ordinal);
    private int _retryable503;
    private int _noAnswer;
    private int _refused;
    private int _next;

    /// <summary>How long a client keeps retrying one submission before it counts as never acknowledged.</summary>
    public TimeSpan SubmitDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long every run is waited for once the load is in (a stranded sync run waits for the sweeper: minutes).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(12);

    /// <summary>
    /// Whether the drain also waits for every document job in Hangfire to reach a final state (a run's row is final a
    /// moment before its job is, and a job retried after its run ended is only seen once it ran again).
    /// </summary>
    public bool AwaitHangfireJobs { get; init; }

    /// <summary>Distinguishes this scenario's files and keys from another's on the same servers.</summary>
    public int Salt { get; init; }

    /// <summary>The documents to submit, when already rendered (<see cref="ReliabilityDocuments.Build"/>); rendered from <see cref="Salt"/> otherwise.</summary>
    public IReadOnlyList<Submission>? Submissions { get; init; }

    public async Task<ScenarioReport> RunAsync()
    {
        var submissions = Submissions ?? ReliabilityDocuments.Build(scenario.Jobs, Salt);
        if (scenario.Fault == Fault.LlmFailing)
        {
            ScriptFailingLlm(stack.Llm, scenario.Jobs);
        }

        var clock = Stopwatch.StartNew();
        log($"{scenario.Name}: {scenario.Jobs} documents from {scenario.Clients} clients, fault {scenario.Fault}");
        var clients = Enumerable.Range(0, scenario.Clients).Select(_ => Task.Run(() => ClientAsync(submissions))).ToArray();
        var fault = Task.Run(InjectFaultAsync);
        await Task.WhenAll(clients);
        await fault;
        log($"{scenario.Name}: load done after {clock.Elapsed.TotalSeconds:F0} s ({_acknowledged.Count} acknowledged); waiting for every run to end");
        await DrainAsync();
        var report = await ReconcileAsync(submissions.Count, clock.Elapsed);
        return report;
    }

    private static void ScriptFailingLlm(FakeLlmServer llm, int jobs)
    {
        // Each run's LLM call is tried up to three times: enough replies, turn about, for every attempt of every run.
        for (var i = 0; i < jobs * 4; i++)
        {
            llm.Enqueue(i % 2 == 0 ? FakeLlmReply.Status(HttpStatusCode.InternalServerError) : FakeLlmReply.Hang());
        }

        llm.Default = FakeLlmReply.Hang();
    }

    private string KeyOf(int index) => string.Create(CultureInfo.InvariantCulture, $"rel-{scenario.Name}-{Salt}-{index}");

    private async Task ClientAsync(IReadOnlyList<Submission> submissions)
    {
        using var http = LocalDeployment.CreateClient(stack.Api, scenario.Synchronous ? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(60));
        Guid? previous = null;
        while (true)
        {
            var index = Interlocked.Increment(ref _next) - 1;
            if (index >= submissions.Count)
            {
                return;
            }

            if (await SubmitAsync(http, index, submissions[index]) is { } runId)
            {
                _acknowledged[index] = runId;

                // A client also reads: the status of its previous run, through whatever is failing at the moment.
                if (previous is { } earlier)
                {
                    await ReadStatusAsync(http, earlier);
                }

                previous = runId;
            }
        }
    }

    private async Task<Guid?> SubmitAsync(HttpClient http, int index, Submission submission)
    {
        var deadline = Stopwatch.StartNew();
        var path = new Uri(scenario.Synchronous ? "/v1/process" : "/v1/jobs", UriKind.Relative);
        while (deadline.Elapsed < SubmitDeadline)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(submission.Request.Fio), "fio" },
                { new StringContent(WireNames.Of(submission.Request.Reason)), "reason" },
                { new StringContent(WireNames.Of(submission.Request.DocType)), "doc_type" },
                { new StringContent(submission.Request.ApplicationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "application_date" },
                { new ByteArrayContent(submission.File), "file", submission.FileName },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
            request.Headers.Add("Idempotency-Key", KeyOf(index));
            try
            {
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
                {
                    return JsonDocument.Parse(body).RootElement.GetProperty("run_id").GetGuid();
                }

                if (!await ShouldRetryAsync(response, body, $"POST {path} #{index}"))
                {
                    Interlocked.Increment(ref _refused);
                    log($"{scenario.Name}: submission {index} refused with {(int)response.StatusCode}: {Shorten(body)}");
                    return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _noAnswer);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        return null;
    }

    private async Task ReadStatusAsync(HttpClient http, Guid runId)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"/v1/jobs/{runId:D}", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                await ShouldRetryAsync(response, await response.Content.ReadAsStringAsync(), $"GET /v1/jobs/{runId:D}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _noAnswer);
        }
    }

    /// <summary>Tallies an unsuccessful answer and waits as it says; false for an answer that a retry cannot change (4xx).</summary>
    private async Task<bool> ShouldRetryAsync(HttpResponseMessage response, string body, string what)
    {
        var status = (int)response.StatusCode;
        if (status == 503 && response.Headers.RetryAfter is { } retryAfter)
        {
            Interlocked.Increment(ref _retryable503);
            var wait = retryAfter.Delta ?? TimeSpan.FromSeconds(1);
            await Task.Delay(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait);
            return true;
        }

        if (status >= 500)
        {
            _bare5xx.Enqueue($"{what}: {status} {Shorten(body)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            return true;
        }

        if (status is 409 or 429)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            return true;
        }

        return false;
    }

    private async Task InjectFaultAsync()
    {
        if (scenario.Fault is Fault.None or Fault.LlmFailing)
        {
            return;
        }

        await WaitForAcknowledgedAsync(scenario.Jobs * 3 / 10);
        switch (scenario.Fault)
        {
            case Fault.WorkerKilled:
                for (var kill = 1; kill <= 2; kill++)
                {
                    await WaitForRunningAsync();
                    log($"{scenario.Name}: SIGKILL worker ({kill}/2) with {await UnfinishedAsync()} runs unfinished");
                    await stack.Worker.KillHardAsync();
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    await stack.Worker.StartAsync();
                    await WaitForAcknowledgedAsync(scenario.Jobs * 6 / 10);
                }

                break;
            case Fault.ApiKilled:
                await WaitForRunningAsync();
                log($"{scenario.Name}: SIGKILL api with {await UnfinishedAsync()} runs unfinished");
                await stack.Api.KillHardAsync();
                await Task.Delay(TimeSpan.FromSeconds(2));
                await stack.Api.StartAsync();
                break;
            case Fault.PostgresDown:
                await OutageAsync(stack.Postgres.StopAsync, stack.Postgres.StartAsync);
                break;
            case Fault.RedisDown:
                await OutageAsync(stack.Redis.StopAsync, stack.Redis.StartAsync);
                break;
            case Fault.StorageDown:
                await OutageAsync(stack.S3.StopAsync, stack.S3.StartAsync);
                break;
            default:
                throw new InvalidOperationException($"No injection for {scenario.Fault}.");
        }
    }

    private async Task OutageAsync(Func<Task> stop, Func<Task> start)
    {
        log($"{scenario.Name}: {scenario.DependencyCheck} down for {scenario.Outage.TotalSeconds:0} s with {await UnfinishedAsync()} runs unfinished");
        await stop();
        var outage = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (outage.Elapsed < scenario.Outage)
        {
            await Task.WhenAll(PollReadinessAsync(http, stack.Api), PollReadinessAsync(http, stack.Worker));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        await start();
        log($"{scenario.Name}: {scenario.DependencyCheck} back");
    }

    private async Task PollReadinessAsync(HttpClient http, ServiceProcess service)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(service.BaseAddress, "/ready"));
            _readinessAnswers[$"{service.Name} /ready {(int)response.StatusCode}"] = 0;
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (problem.RootElement.TryGetProperty("failed_dependencies", out var failed))
                {
                    var named = _namedWhileDown.GetOrAdd(service.Name, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
                    foreach (var dependency in failed.EnumerateArray())
                    {
                        named[dependency.GetString() ?? ""] = 0;
                    }
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            // a readiness probe that gets no answer names nothing
            _readinessAnswers[$"{service.Name} /ready {e.GetType().Name}"] = 0;
        }
    }

    private async Task WaitForAcknowledgedAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (_acknowledged.Count < count && Volatile.Read(ref _next) < scenario.Jobs + scenario.Clients && clock.Elapsed < SubmitDeadline)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Waits (a minute at most) until some run is being processed, so the fault strikes mid-job.</summary>
    private async Task WaitForRunningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1)
            && (await stack.QueryAsync("SELECT count(*) FROM runs WHERE status = 'running'", r => r.GetInt64(0)))[0] == 0)
        {
            await Task.Delay(50);
        }
    }

    private async Task<long> UnfinishedAsync() =>
        (await stack.QueryAsync("SELECT count(*) FROM runs WHERE status NOT IN ('succeeded', 'failed', 'canceled')", r => r.GetInt64(0)))[0];

    private async Task<long> OpenDocumentJobsAsync() =>
        (await stack.QueryAsync(
            "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%DocumentJob%' AND statename NOT IN ('Succeeded', 'Failed', 'Deleted')",
            r => r.GetInt64(0)))[0];

    private async Task DrainAsync()
    {
        var clock = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        while (clock.Elapsed < DrainTimeout)
        {
            var unfinished = await UnfinishedAsync() + (AwaitHangfireJobs ? await OpenDocumentJobsAsync() : 0);
            if (unfinished == 0)
            {
                return;
            }

            if (clock.Elapsed - lastLog > TimeSpan.FromSeconds(30))
            {
                lastLog = clock.Elapsed;
                log($"{scenario.Name}: {unfinished} runs (or document jobs) unfinished after {clock.Elapsed.TotalSeconds:F0} s of waiting");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<ScenarioReport> ReconcileAsync(int submitted, TimeSpan elapsed)
    {
        var afterMb = stack.Memory.CurrentMb();
        var peakMb = stack.Memory.PeakMb();
        var problems = new List<string>();

        var runs = (await stack.QueryAsync(
                "SELECT id, request_id, status, llm_outcome, verdict IS NOT NULL, coalesce(result_json::text, '') LIKE '%\"reused_result\"%' FROM runs",
                r => new RunRow(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetBoolean(4), r.GetBoolean(5))))
            .ToDictionary(r => r.Id);
        var byKey = runs.Values.Where(r => r.RequestId is not null).GroupBy(r => r.RequestId!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Lost: a submission without a finished run under its key, an acknowledged run missing or unfinished, any run left unfinished.
        var lost = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < submitted; index++)
        {
            var key = KeyOf(index);
            if (!byKey.TryGetValue(key, out var keyed) || !keyed.Any(r => FinalStatuses.Contains(r.Status)))
            {
                lost.Add($"submission {key}: {(keyed is null ? "no run" : string.Join(',', keyed.Select(r => $"{r.Id} {r.Status}")))}");
            }

            if (_acknowledged.TryGetValue(index, out var runId) && (!runs.TryGetValue(runId, out var run) || !FinalStatuses.Contains(run.Status)))
            {
                lost.Add($"run {runId} (acknowledged to {key}): {(run is null ? "missing from runs" : run.Status)}");
            }
        }

        foreach (var run in runs.Values.Where(r => !FinalStatuses.Contains(r.Status)))
        {
            lost.Add($"run {run.Id}: {run.Status}");
        }

        // The API's job list must say what the table says.
        var listed = await ListJobsAsync();
        foreach (var run in runs.Values)
        {
            if (!listed.TryGetValue(run.Id, out var apiStatus))
            {
                lost.Add($"run {run.Id}: not in GET /v1/jobs");
            }
            else if (apiStatus != run.Status)
            {
                lost.Add($"run {run.Id}: GET /v1/jobs says {apiStatus}, runs says {run.Status}");
            }
        }

        // Hangfire: the dead-letter list, and no job left open (or naming no run) once every run has ended.
        var jobs = await stack.QueryAsync(
            "SELECT id, statename, arguments::text FROM hangfire.job WHERE invocationdata::text LIKE '%DocumentJob%'",
            r => (Id: r.GetInt64(0), State: r.IsDBNull(1) ? "" : r.GetString(1), Arguments: r.GetString(2)));
        var hangfireMismatches = 0;
        foreach (var job in jobs)
        {
            var named = GuidPattern().Matches(job.Arguments).Select(m => Guid.Parse(m.Value)).ToList();
            if (named.Count == 0 || !named.Any(runs.ContainsKey))
            {
                hangfireMismatches++;
                problems.Add($"hangfire job {job.Id} ({job.State}) names no run");
            }
            else if (job.State is not ("Succeeded" or "Failed" or "Deleted"))
            {
                hangfireMismatches++;
                problems.Add($"hangfire job {job.Id} still {job.State} for run {named[0]} ({runs[named[0]].Status})");
            }
        }

        var deadLetter = jobs.Count(j => j.State == "Failed");

        // Processed twice: more than one completion record of a run, across every incarnation of the API and the worker.
        var completed = CompletedRuns(stack.Api.Output + string.Concat(stack.Workers.Select(w => w.Output)))
            .GroupBy(run => run)
            .ToList();
        var completions = completed.Where(g => g.Count() > 1).ToList();
        problems.AddRange(completions.Take(5).Select(g => $"run {g.Key} completed {g.Count()} times"));
        problems.AddRange(lost.Take(10));

        var readiness = await ReadinessAsync();
        if (scenario.DependencyCheck is not null)
        {
            problems.Add($"answers of /ready during the outage: {string.Join(", ", _readinessAnswers.Keys.Order(StringComparer.Ordinal))}");
        }
        var report = new ScenarioReport
        {
            Scenario = scenario,
            Submitted = submitted,
            Acknowledged = _acknowledged.Count,
            Succeeded = runs.Values.Count(r => r.Status == "succeeded"),
            Failed = runs.Values.Count(r => r.Status == "failed"),
            DeadLetter = deadLetter,
            Lost = lost.Count,
            ProcessedTwice = completions.Count,
            CompletionRecords = completed.Count,
            Bare5xx = _bare5xx.Count,
            Retryable503 = _retryable503,
            NoAnswer = _noAnswer,
            RepeatsServed = runs.Values.Count(r => r.Reused),
            HangfireMismatches = hangfireMismatches,
            LlmFailedWithVerdict = runs.Values.Count(r => r.Status == "succeeded" && r.HasVerdict && string.Equals(r.Llm, "failed", StringComparison.OrdinalIgnoreCase)),
            Readiness = readiness,
            PeakRssMb = peakMb,
            RssAfterMb = afterMb,
            Elapsed = elapsed,
            Bare5xxSamples = [.. _bare5xx.Take(10)],
            Problems = problems,
        };
        if (_refused > 0)
        {
            log($"{scenario.Name}: {_refused} submissions were refused with a 4xx");
        }

        return report;
    }

    private async Task<Dictionary<Guid, string>> ListJobsAsync()
    {
        using var http = LocalDeployment.CreateClient(stack.Api, TimeSpan.FromSeconds(60));
        var listed = new Dictionary<Guid, string>();
        for (var page = 1; ; page++)
        {
            using var response = await http.GetAsync(new Uri($"/v1/jobs?page={page}&page_size=200", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var items = body.RootElement.GetProperty("items");
            foreach (var item in items.EnumerateArray())
            {
                listed[item.GetProperty("run_id").GetGuid()] = item.GetProperty("status").GetString() ?? "";
            }

            if (items.GetArrayLength() < 200)
            {
                return listed;
            }
        }
    }

    /// <summary>"postgres named by api+worker, healthy after", or "-" for a fault that takes no dependency down.</summary>
    private async Task<string> ReadinessAsync()
    {
        if (scenario.DependencyCheck is not { } dependency)
        {
            return "-";
        }

        var namedBy = _namedWhileDown.Where(s => s.Value.ContainsKey(dependency)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var healthy = new List<string>();
        foreach (var service in new[] { stack.Api, stack.Worker })
        {
            using var response = await http.GetAsync(new Uri(service.BaseAddress, "/ready"));
            if (response.IsSuccessStatusCode)
            {
                healthy.Add(service.Name);
            }
        }

        return $"{dependency}-named-by:{(namedBy.Count == 0 ? "none" : string.Join('+', namedBy))};ready-after:{(healthy.Count == 0 ? "none" : string.Join('+', healthy))}";
    }

    /// <summary>The run of every completion record (a run's "succeeded" or "finished as" line) in a service's output, in order.</summary>
    public static IReadOnlyList<Guid> CompletedRuns(string output) =>
        [.. CompletionPattern().Matches(output).Select(m => Guid.Parse(m.Groups["run"].Value))];

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300];

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("Run (?<run>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (succeeded: verdict|finished as )")]
    private static partial Regex CompletionPattern();

    private sealed record RunRow(Guid Id, string? RequestId, string Status, string? Llm, bool HasVerdict, bool Reused);
}
