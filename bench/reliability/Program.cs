using System.Diagnostics;
using System.Globalization;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Reliability;
using RbIdp.Tests.Worker;

// The reliability suite of issue #15: for each scenario, a fresh database and fresh API and worker processes on one set of
// PostgreSQL, Redis and s3rver servers; documents from concurrent clients, the fault mid-batch, every run waited for and
// reconciled. Usage: run.sh [scenario…] [--jobs N] [--clients C] [--scanned]
// --scanned: 300 DPI one-page scans (bench/jobs' documents, every one read by OCR) instead of text-layer PDFs, to see
// the worker's memory with its engines busy (the rss_peak_mb column).
var jobs = 500;
var clients = 20;
var scanned = false;
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--jobs":
            jobs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--clients":
            clients = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--scanned":
            scanned = true;
            break;
        default:
            names.Add(args[i]);
            break;
    }
}

// A scenario may carry its own size: "load:500" runs 500 documents whatever --jobs says.
var all = ReliabilityScenario.All(jobs, clients);
var unknown = names.Select(n => n.Split(':')[0]).Where(n => all.All(s => s.Name != n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(' ', all.Select(s => s.Name))}");
    return 2;
}

IReadOnlyList<ReliabilityScenario> scenarios = names.Count == 0 ? all : [.. names.Select(n => n.Split(':')).Select(n =>
    all.Single(s => s.Name == n[0]) with { Jobs = n.Length > 1 ? int.Parse(n[1], CultureInfo.InvariantCulture) : jobs })];
var commit = (await LocalServer.RunAsync("git", ["-C", LocalServer.RepositoryRoot, "rev-parse", "--short", "HEAD"], TimeSpan.FromSeconds(10))).Trim();
Console.WriteLine($"reliability: {string.Join(' ', scenarios.Select(s => $"{s.Name}:{s.Jobs}"))} from {clients} clients each, commit {commit}, {Environment.ProcessorCount} cores");

var reports = new List<ScenarioReport>();
var errors = 0;
var salt = (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 1_000_000);

// Rendered once: every scenario starts on an empty Redis and a new database, so no scenario's answers serve another's.
var rendering = Stopwatch.StartNew();
var submissions = scanned
    ? Enumerable.Range(0, scenarios.Max(s => s.Jobs)).AsParallel().AsOrdered().Select(i => BenchDocuments.Render(i + salt)).ToList()
    : ReliabilityDocuments.Build(scenarios.Max(s => s.Jobs), salt);
Log($"rendered {submissions.Count} one-page {(scanned ? "scans" : "PDFs")} in {rendering.Elapsed.TotalSeconds:F0} s ({submissions.Average(s => s.File.Length) / 1024:F0} KB on average)");
await using (var servers = await LocalServers.StartAsync())
{
    foreach (var scenario in scenarios)
    {
        try
        {
            reports.Add(await RunAsync(servers, scenario, submissions, salt + reports.Count + errors));
        }
        catch (Exception e)
        {
            // A scenario that could not finish is a failed row, and the next one still runs on clean servers.
            errors++;
            Console.WriteLine($"reliability scenario={scenario.Name} error={e.GetType().Name}: {e.Message}");
            if (!servers.Postgres.IsRunning)
            {
                await servers.Postgres.StartAsync();
            }

            if (!servers.Redis.IsRunning)
            {
                await servers.Redis.StartAsync();
            }

            if (!servers.S3.IsRunning)
            {
                await servers.S3.StartAsync();
            }
        }
    }
}

Console.WriteLine();
Console.WriteLine($"rows for docs/RELIABILITY.md (commit {commit}):");
foreach (var report in reports)
{
    Console.WriteLine(report.MarkdownRow);
}

return errors == 0 && reports.All(r => r.Lost == 0 && r.ProcessedTwice == 0 && r.Bare5xx == 0) ? 0 : 1;

static async Task<ScenarioReport> RunAsync(LocalServers servers, ReliabilityScenario scenario, IReadOnlyList<Submission> submissions, int salt)
{
    // Each scenario starts cold: no answers cached by the one before, its own database and service processes.
    await LocalServer.RunAsync("redis-cli", ["-p", servers.Redis.Port.ToString(CultureInfo.InvariantCulture), "flushall"], TimeSpan.FromSeconds(30));
    var clock = Stopwatch.StartNew();
    await using var deployment = await LocalDeployment.StartAsync(servers.Postgres, servers.Redis, servers.S3, scenario.Settings);
    Log($"{scenario.Name}: API and worker healthy in {clock.Elapsed.TotalSeconds:F0} s");
    var report = await new ReliabilityRunner(deployment, scenario, Log) { Salt = salt, Submissions = [.. submissions.Take(scenario.Jobs)] }.RunAsync();
    Console.WriteLine(report.Line);
    foreach (var line in report.Problems.Concat(report.Bare5xxSamples))
    {
        Console.WriteLine($"  {line}");
    }

    return report;
}

static void Log(string message) => Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {message}");
