using System.Globalization;
using Npgsql;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Llm;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// The whole service on this machine, each part its own process: PostgreSQL, Redis, object storage (s3rver), a fake
/// OpenAI-compatible LLM, the API and the worker (<see cref="ServiceProcess"/>) — the same servers the integration
/// tests start, so a scenario can stop any one of them and start it again. One fresh database per stack.
/// </summary>
public sealed class LocalDeployment : IAsyncDisposable
{
    /// <summary>The key the load's clients submit with (every role, client id <c>local</c>).</summary>
    public const string ApiKey = "reliability-key";

    private static readonly int[] RetryDelaysSeconds = [2, 5, 10, 20, 30, 60];

    private LocalDeployment(PostgresServer postgres, RedisServer redis, S3Server s3, FakeLlmServer llm, string connectionString, ServiceProcess api, ServiceProcess worker)
    {
        Postgres = postgres;
        Redis = redis;
        S3 = s3;
        Llm = llm;
        ConnectionString = connectionString;
        Api = api;
        Worker = worker;
        Memory = new MemorySampler(
        [
            ("api", () => Api.ProcessId),
            ("worker", () => Worker.ProcessId),
            ("postgres", PostmasterId),
            ("redis", () => MemorySampler.FindProcess("redis-server", $":{Redis.Port.ToString(CultureInfo.InvariantCulture)}")),
            ("storage", () => MemorySampler.FindProcess("s3rver.js", S3.Port.ToString(CultureInfo.InvariantCulture))),
        ]);
    }

    private readonly List<ServiceProcess> _extraWorkers = [];
    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();
    private TestCertificateAuthority? _authority;

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public S3Server S3 { get; }

    public FakeLlmServer Llm { get; }

    public string ConnectionString { get; }

    public ServiceProcess Api { get; }

    public ServiceProcess Worker { get; }

    /// <summary><see cref="Worker"/> and every worker added by <see cref="AddWorkerAsync"/>.</summary>
    public IReadOnlyList<ServiceProcess> Workers => [Worker, .. _extraWorkers];

    public MemorySampler Memory { get; }

    /// <summary>
    /// A new database on <paramref name="postgres"/>, then the API (which migrates it) and the worker, both healthy.
    /// <paramref name="settings"/> (configuration keys with <c>:</c>) go to both services.
    /// </summary>
    public static async Task<LocalDeployment> StartAsync(
        PostgresServer postgres, RedisServer redis, S3Server s3, IReadOnlyDictionary<string, string>? settings = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var authority = new TestCertificateAuthority("RB IDP reliability CA");
        var llm = await FakeLlmServer.StartAsync(authority);
        var environment = ServiceEnvironment(connectionString, redis, s3);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value.Replace("{llm}", llm.Endpoint.ToString(), StringComparison.Ordinal)
                .Replace("{llm-ca}", authority.BundlePath, StringComparison.Ordinal);
        }

        var api = new ServiceProcess("api", "RbIdp.Api.dll", environment);
        var worker = new ServiceProcess("worker", "RbIdp.Worker.dll", environment);
        try
        {
            // The API owns the migrations: it starts first, then the worker finds the tables.
            await api.StartAsync();
            await worker.StartAsync();
        }
        catch
        {
            await worker.DisposeAsync();
            await api.DisposeAsync();
            await llm.DisposeAsync();
            authority.Dispose();
            throw;
        }

        return new LocalDeployment(postgres, redis, s3, llm, connectionString, api, worker) { _authority = authority, _environment = environment };
    }

    /// <summary>
    /// The environment the API and the worker get on this machine: the database, Redis and storage, <see cref="ApiKey"/>,
    /// no rate limit to speak of, and retries and sweeps seconds apart. A bench that starts one service alone uses it too.
    /// </summary>
    public static Dictionary<string, string> ServiceEnvironment(string connectionString, RedisServer redis, S3Server s3)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__rbidp"] = connectionString,
            ["ConnectionStrings__redis"] = redis.ConnectionString,
            ["ArtifactStore__RequestTimeout"] = "00:00:05",
            ["RBIDP_API_KEY"] = ApiKey,
            ["Submissions__RequestsPerMinute"] = "100000",
            ["Worker__SchedulePollingInterval"] = "00:00:01",
            ["Worker__InvisibilityTimeout"] = "00:00:30",
            ["Worker__Sweeper__Interval"] = "00:01:00",
            ["Worker__Sweeper__QueuedGrace"] = "00:00:30",
            ["Worker__Sweeper__RunningStale"] = "00:05:00",
        };

        // Retries minutes apart instead of up to an hour: an outage of seconds is over after the first few.
        foreach (var (delay, index) in RetryDelaysSeconds.Select((d, i) => (d, i)))
        {
            environment[$"Worker__Retry__DelaysSeconds__{index.ToString(CultureInfo.InvariantCulture)}"] = delay.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in s3.ServiceEnvironment(ApiFactory.Bucket))
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>
    /// Another worker process with the first one's configuration — the same database, queues, Redis and storage — as when
    /// a deployment is scaled out; started and healthy when this returns, stopped with the stack.
    /// </summary>
    public async Task<ServiceProcess> AddWorkerAsync()
    {
        var worker = new ServiceProcess(string.Create(CultureInfo.InvariantCulture, $"worker-{_extraWorkers.Count + 2}"), "RbIdp.Worker.dll", _environment);
        _extraWorkers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    public static HttpClient CreateClient(ServiceProcess service, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Rows of a query on the stack's database (read by the harness, never through the services' code).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 60 };
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private int? PostmasterId()
    {
        try
        {
            var file = Path.Combine(Postgres.DataDirectory, "postmaster.pid");
            return File.Exists(file) && int.TryParse(File.ReadLines(file).First(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Memory.DisposeAsync();
        foreach (var worker in _extraWorkers)
        {
            await worker.DisposeAsync();
        }

        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        await Llm.DisposeAsync();
        _authority?.Dispose();
        NpgsqlConnection.ClearAllPools();
    }
}
