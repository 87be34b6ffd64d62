using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs.Storage;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// Scaling out, shown: two worker processes on one PostgreSQL share the <c>documents</c> queue. Every run is taken by
/// exactly one of them — Hangfire's state history, the <c>runs</c> table, the stored artifacts and the workers' own
/// completion records all say so — and both workers do take runs.
/// </summary>
[Collection(UsesServices.Name)]
[Trait("Category", "Reliability")]
public sealed class ScaleOutTests(PostgresServer postgres, RedisServer redis, S3Server s3, ITestOutputHelper output)
{
    private const int Jobs = 40;
    private const int WorkerProcesses = 2;

    [Fact]
    public async Task Two_workers_on_one_database_share_the_documents_queue_and_process_each_of_40_runs_exactly_once()
    {
        // One document at a time per worker process, so neither can empty the queue before the other polls it.
        var scenario = new ReliabilityScenario("scale-out", Fault.None, Jobs, Clients: 4);
        await using var stack = await LocalDeployment.StartAsync(postgres, redis, s3, new Dictionary<string, string> { ["Worker:DocumentWorkers"] = "1" });
        while (stack.Workers.Count < WorkerProcesses)
        {
            await stack.AddWorkerAsync();
        }

        var salt = Random.Shared.Next(1, 1_000_000);
        var runner = new ReliabilityRunner(stack, scenario, output.WriteLine)
        {
            Salt = salt,
            Submissions = ReliabilityDocuments.Distinct(Jobs, salt),
            SubmitDeadline = TimeSpan.FromMinutes(1),
            DrainTimeout = TimeSpan.FromMinutes(2),
            AwaitHangfireJobs = true,
        };

        var report = await runner.RunAsync();

        output.WriteLine(report.Line);
        foreach (var problem in report.Problems)
        {
            output.WriteLine(problem);
        }

        Assert.Equal(Jobs, report.Acknowledged);
        Assert.Equal(Jobs, report.Succeeded);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.ProcessedTwice);
        Assert.Equal(0, report.HangfireMismatches);
        Assert.Equal(0, report.RepeatsServed);

        // Each worker's completion records: every run completed once, by one worker, and each worker completed some.
        var byWorker = stack.Workers.ToDictionary(w => w.Name, w => ReliabilityRunner.CompletedRuns(w.Output));
        Assert.Equal(WorkerProcesses, byWorker.Count);
        foreach (var (worker, runs) in byWorker)
        {
            output.WriteLine($"{worker}: {runs.Count} runs completed");
            Assert.NotEmpty(runs);
        }

        var completions = byWorker.Values.SelectMany(r => r).Concat(ReliabilityRunner.CompletedRuns(stack.Api.Output)).ToList();
        Assert.Equal(Jobs, completions.Count);
        Assert.Equal(Jobs, completions.Distinct().Count());

        // Hangfire: one job per run, each with exactly one Processing and one Succeeded state, on two servers.
        var states = await stack.QueryAsync(
            "SELECT j.id, j.arguments::text, s.name, coalesce(s.data::text, '') FROM hangfire.job j JOIN hangfire.state s ON s.jobid = j.id "
            + "WHERE j.invocationdata::text LIKE '%DocumentJob%' ORDER BY s.id",
            r => (Job: r.GetInt64(0), Arguments: r.GetString(1), State: r.GetString(2), Data: r.GetString(3)));
        var jobs = states.GroupBy(s => s.Job).ToList();
        Assert.Equal(Jobs, jobs.Count);
        foreach (var job in jobs)
        {
            Assert.True(job.Count(s => s.State == "Processing") == 1 && job.Count(s => s.State == "Succeeded") == 1,
                $"hangfire job {job.Key}: {string.Join(" → ", job.Select(s => s.State))}");
        }

        var servers = states.Where(s => s.State == "Processing")
            .Select(s => JsonDocument.Parse(s.Data).RootElement.GetProperty("ServerId").GetString())
            .GroupBy(server => server, StringComparer.Ordinal)
            .ToDictionary(g => g.Key ?? "", g => g.Count(), StringComparer.Ordinal);
        output.WriteLine($"jobs per Hangfire server: {string.Join(", ", servers.Select(s => $"{s.Key} {s.Value}"))}");
        Assert.Equal(WorkerProcesses, servers.Count);

        // Hangfire's server id is "<name>:<process id>:<guid>": each worker process's documents server took jobs.
        foreach (var worker in stack.Workers)
        {
            var pid = worker.ProcessId ?? throw new InvalidOperationException($"{worker.Name} is not running.");
            Assert.Contains(servers.Keys, server => server.Contains(string.Create(CultureInfo.InvariantCulture, $":{pid}:"), StringComparison.Ordinal));
        }

        // The runs table: one attempt each. The artifact store: each run's folder holds what its answer lists, nothing more.
        var rows = await stack.QueryAsync(
            "SELECT id, created_at, attempts, result_json::text FROM runs",
            r => (Id: r.GetGuid(0), CreatedAt: r.GetFieldValue<DateTimeOffset>(1), Attempts: r.GetInt32(2), Result: r.GetString(3)));
        Assert.Equal(Jobs, rows.Count);
        Assert.All(rows, row => Assert.Equal(1, row.Attempts));

        using var store = new S3ArtifactStore(s3.StoreOptions(ApiFactory.Bucket), NullLogger<S3ArtifactStore>.Instance);
        foreach (var row in rows)
        {
            var prefix = ArtifactKeys.RunPrefix(row.Id, row.CreatedAt);
            var listed = JsonDocument.Parse(row.Result).RootElement.GetProperty("artifacts").EnumerateObject()
                .Select(a => a.Value.GetString() ?? "")
                .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            var stored = (await store.ListAsync(prefix, CancellationToken.None)).Order(StringComparer.Ordinal).ToList();
            Assert.Contains(ArtifactKeys.ForRun(row.Id, row.CreatedAt, ArtifactKeys.Result), stored);
            Assert.Equal(listed, stored);
        }
    }
}
