using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RbIdp.Tests.Worker;

/// <summary>
/// The real API and the real Hangfire worker in process on one fresh database: submit jobs as client-a,
/// poll their status, and read the runs and webhook tables directly. Every wait is bounded.
/// </summary>
public sealed class ApiAndWorker : IAsyncDisposable
{
    private WorkerFactory? _worker;
    private ITestOutputHelper? _output;

    private ApiAndWorker(string connectionString, ApiFactory api, RedisServer redis, S3Server s3)
    {
        ConnectionString = connectionString;
        Api = api;
        Redis = redis;
        S3 = s3;
        Client = api.CreateClient(ApiFactory.ClientAKey);
    }

    public string ConnectionString { get; }

    public ApiFactory Api { get; }

    public HttpClient Client { get; }

    public RedisServer Redis { get; }

    public S3Server S3 { get; }

    public WorkerFactory Worker => _worker ?? throw new InvalidOperationException("The worker was not started.");

    /// <summary>
    /// A fresh database with the API started (migrations applied); the worker too unless <paramref name="startWorker"/>
    /// is false. With <paramref name="output"/>, both hosts' warnings and errors go to the test's output.
    /// </summary>
    public static async Task<ApiAndWorker> StartAsync(
        PostgresServer postgres, RedisServer redis, S3Server s3, bool startWorker = true,
        IDictionary<string, string?>? workerSettings = null, IDictionary<string, string?>? apiSettings = null, ITestOutputHelper? output = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var stack = new ApiAndWorker(connectionString, WorkerFactory.CreateApi(connectionString, redis, s3, apiSettings), redis, s3) { _output = output };
        if (output is not null)
        {
            stack.Api.Logs.WriteTo(output);
        }

        using var ready = await stack.Client.GetAsync("/ready").WaitAsync(TimeSpan.FromSeconds(60));
        if (startWorker)
        {
            stack.StartWorker(workerSettings);
        }

        return stack;
    }

    public void StartWorker(IDictionary<string, string?>? settings = null)
    {
        _worker = new WorkerFactory(ConnectionString, Redis, S3, settings);
        if (_output is not null)
        {
            _worker.Logs.WriteTo(_output);
        }

        _worker.Start();
    }

    /// <summary>POST /v1/jobs as client-a with a file; returns the run id.</summary>
    public async Task<Guid> SubmitAsync(
        byte[] file, string fileName, string fio, DeferralReason reason, DocumentType docType, DateOnly applicationDate, Uri? callback = null)
    {
        using var response = await PostJobAsync(file, fileName, fio, reason, docType, applicationDate, callback);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Submission answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("run_id").GetGuid();
    }

    public async Task<HttpResponseMessage> PostJobAsync(
        byte[] file, string fileName, string fio, DeferralReason reason, DocumentType docType, DateOnly applicationDate, Uri? callback = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(fio), "fio" },
            { new StringContent(WireNames.Of(reason)), "reason" },
            { new StringContent(WireNames.Of(docType)), "doc_type" },
            { new StringContent(applicationDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "application_date" },
            { new ByteArrayContent(file), "file", fileName },
        };
        if (callback is not null)
        {
            form.Add(new StringContent(callback.AbsoluteUri), "callback_url");
        }

        return await Client.PostAsync("/v1/jobs", form).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<JsonElement> GetJobAsync(Guid runId) =>
        await Client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{runId:D}").WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Polls GET /v1/jobs/{id} until <paramref name="done"/> holds; fails with the last status after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForJobAsync(Guid runId, Func<JsonElement, bool> done, TimeSpan timeout, TimeSpan? interval = null)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await GetJobAsync(runId);
            if (done(status))
            {
                return status;
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Job {runId} did not reach the expected state within {timeout.TotalSeconds:0} s; last: {status}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
        }
    }

    public Task<JsonElement> WaitForFinalAsync(Guid runId, TimeSpan timeout) =>
        WaitForJobAsync(runId, s => s.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled", timeout);

    /// <summary>One column of the run's row in the runs table.</summary>
    public async Task<T> RunColumnAsync<T>(Guid runId, string column)
    {
        var rows = await QueryAsync($"SELECT {column} FROM runs WHERE id = @id", r => r.GetFieldValue<T>(0), runId);
        return Assert.Single(rows);
    }

    /// <summary>The run's stored answer artifacts (<c>result.json</c>): one for a run that finished, whatever reran it.</summary>
    public async Task<IReadOnlyList<string>> ResultArtifactsAsync(Guid runId, JsonElement status)
    {
        var store = Api.Services.GetRequiredService<IArtifactStore>();
        var artifacts = await store.ListAsync(ArtifactKeys.RunPrefix(runId, status.GetProperty("created_at").GetDateTimeOffset()), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        return [.. artifacts.Where(key => key.EndsWith("/" + ArtifactKeys.Result, StringComparison.Ordinal))];
    }

    /// <summary>The delivery log of the run: (webhook id, attempt, status code, succeeded) in attempt order.</summary>
    public Task<IReadOnlyList<(string WebhookId, int Attempt, int? StatusCode, bool Succeeded)>> DeliveriesAsync(Guid runId) =>
        QueryAsync(
            "SELECT webhook_id, attempt, status_code, succeeded FROM webhook_deliveries WHERE run_id = @id ORDER BY attempt, id",
            r => (r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? (int?)null : r.GetInt32(2), r.GetBoolean(3)),
            runId);

    /// <summary>Waits until the delivery log of the run has a successful row (the worker writes it after the receiver answered).</summary>
    public async Task<IReadOnlyList<(string WebhookId, int Attempt, int? StatusCode, bool Succeeded)>> WaitForDeliveryAsync(Guid runId, TimeSpan timeout)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var log = await DeliveriesAsync(runId);
            if (log.Any(d => d.Succeeded))
            {
                return log;
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"No successful webhook delivery of run {runId} was logged within {timeout.TotalSeconds:0} s ({log.Count} attempt(s)).");
            }

            await Task.Delay(200);
        }
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, Guid? runId = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand(sql, connection);
        if (runId is { } id)
        {
            command.Parameters.AddWithValue("id", id);
        }

        await using var reader = await command.ExecuteReaderAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        await Api.DisposeAsync();
    }
}
