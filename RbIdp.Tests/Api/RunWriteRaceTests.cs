using System.Collections.Concurrent;
using System.Net;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RbIdp.Api.Apis;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary>
/// Issue 17: writes to a run that race the worker's. The API here has a worker that always wins: the moment a document
/// job can be taken, the run is written as the worker's first step writes it (running, one attempt), before the API's
/// next statement; and a run can be armed so that another write reaches its row between a request's read and its save.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class RunWriteRaceTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private WebApplicationFactory<RbIdp.Api.Submissions.SubmissionReader> _racing = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _api = new ApiFactory(_database, redis, s3, new Dictionary<string, string?>
        {
            ["Submissions:RequestsPerMinute"] = "100000",
            ["Submissions:SyncMaxPages"] = "1",
        });
        var lostWrites = new LostWriteInterceptor(_database);
        _racing = _api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var hangfire = services.Last(d => d.ServiceType == typeof(IBackgroundJobClient));
            services.Remove(hangfire);
            services.AddSingleton(sp => new WorkerFirstJobClient(
                (IBackgroundJobClient)(hangfire.ImplementationFactory?.Invoke(sp) ?? hangfire.ImplementationInstance!),
                sp.GetRequiredService<IServiceScopeFactory>()));
            services.AddSingleton<IBackgroundJobClient>(sp => sp.GetRequiredService<WorkerFirstJobClient>());
            services.AddSingleton(lostWrites);
            services.ConfigureDbContext<RunsDbContext>(options => options.AddInterceptors(lostWrites));
        }));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("/v1/jobs")]
    [InlineData("/v1/process")]
    public async Task A_job_the_worker_starts_before_the_api_records_its_id_is_202_with_its_one_job(string path)
    {
        using var client = CreateClient(ApiFactory.ClientAKey);

        // Two pages: over the sync limit, so /v1/process hands the run to the queue as /v1/jobs does.
        var response = await client.PostAsync(path, Form(TwoPageTiff, fileName: "scan.tif"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var runId = RunId(await JsonAsync(response));
        Assert.Equal($"/v1/jobs/{runId:D}", response.Headers.Location?.OriginalString);
        Assert.Contains(runId, _racing.Services.GetRequiredService<WorkerFirstJobClient>().Started);

        var run = await RunAsync(runId);
        Assert.Equal((RunStatus.Running, 1), (run.Status, run.Attempts));
        var job = Assert.Single(await JobsOfAsync(runId));
        Assert.Equal((run.HangfireJobId, EnqueuedState.StateName), job);

        var status = await JsonAsync(await client.GetAsync(response.Headers.Location));
        Assert.Equal("running", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_write_that_loses_to_the_workers_is_409_problem_and_the_retry_succeeds()
    {
        using var client = CreateClient(ApiFactory.ClientAKey);
        var runId = RunId(await JsonAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng))));
        _racing.Services.GetRequiredService<LostWriteInterceptor>().Arm(runId);

        var lost = await client.PostAsync($"/v1/jobs/{runId:D}/cancel", null);

        var problem = await AssertProblemAsync(lost, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Contains("read it again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False((await RunAsync(runId)).CancelRequested);

        var retried = await client.PostAsync($"/v1/jobs/{runId:D}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var run = await RunAsync(runId);
        Assert.Equal((RunStatus.Running, true), (run.Status, run.CancelRequested));
    }

    private HttpClient CreateClient(string apiKey)
    {
        var client = _racing.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private async Task<DocumentRun> RunAsync(Guid runId)
    {
        await using var scope = _racing.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunsDbContext>().Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    /// <summary>Hangfire's jobs for a run: id and state.</summary>
    private async Task<List<(string?, string)>> JobsOfAsync(Guid runId)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id::text, statename FROM hangfire.job WHERE arguments::text LIKE @run", connection);
        command.Parameters.AddWithValue("run", $"%{runId:D}%");
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new List<(string?, string)>();
        while (await reader.ReadAsync())
        {
            jobs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return jobs;
    }
}

/// <summary>
/// The API's Hangfire client with a worker that never loses: once a document job can be taken (created enqueued, or
/// moved to Enqueued), the run is written as <see cref="RunProcessor"/>'s first step writes it, before the call returns.
/// </summary>
internal sealed class WorkerFirstJobClient(IBackgroundJobClient inner, IServiceScopeFactory scopes) : IBackgroundJobClient
{
    private readonly ConcurrentDictionary<string, Guid> _runs = new(StringComparer.Ordinal);

    /// <summary>The runs the worker started before the API's next step.</summary>
    public ConcurrentBag<Guid> Started { get; } = [];

    public string Create(Job job, IState state)
    {
        var jobId = inner.Create(job, state);
        if (job.Type == typeof(IDocumentJob) && job.Args[0] is Guid runId)
        {
            _runs[jobId] = runId;
            if (state is EnqueuedState)
            {
                Start(runId);
            }
        }

        return jobId;
    }

    public bool ChangeState(string jobId, IState state, string expectedState)
    {
        var changed = inner.ChangeState(jobId, state, expectedState);
        if (changed && state is EnqueuedState && _runs.TryGetValue(jobId, out var runId))
        {
            Start(runId);
        }

        return changed;
    }

    private void Start(Guid runId)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RunsDbContext>();
        var run = db.Runs.Single(r => r.Id == runId);
        run.Status = RunStatus.Running;
        run.Attempts++;
        run.StartedAt = run.UpdatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        db.SaveChanges();
        Started.Add(runId);
    }
}

/// <summary>For an armed run, once: another connection writes its row (as the worker's progress does) just before a save of it.</summary>
internal sealed class LostWriteInterceptor(string connectionString) : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<Guid, bool> _armed = new();

    public void Arm(Guid runId) => _armed[runId] = true;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        foreach (var entry in eventData.Context!.ChangeTracker.Entries<DocumentRun>())
        {
            if (entry.State == EntityState.Modified && _armed.TryRemove(entry.Entity.Id, out _))
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var progress = new NpgsqlCommand("UPDATE runs SET progress = progress + 1 WHERE id = @id", connection);
                progress.Parameters.AddWithValue("id", entry.Entity.Id);
                await progress.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return result;
    }
}
