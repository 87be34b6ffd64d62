using Npgsql;

namespace RbIdp.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on a free loopback port (trust auth, user <c>postgres</c>, fsync off),
/// shared by the test classes of <see cref="UsesPostgres"/>. Give each class its own database with
/// <see cref="CreateDatabaseAsync"/>. <see cref="StopAsync"/> and <see cref="StartAsync"/> take the server
/// down and bring it back on the same port with the same data.
/// </summary>
/// <example>
/// <code>
/// [Collection(UsesPostgres.Name)]
/// public sealed class JobStoreTests(PostgresServer postgres) : IAsyncLifetime
/// {
///     private string _connectionString = "";
///     public async Task InitializeAsync() => _connectionString = await postgres.CreateDatabaseAsync();
///     public Task DisposeAsync() => Task.CompletedTask;
/// }
/// </code>
/// </example>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private string _binaries = "";
    private string _folder = "";

    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    /// <summary>The cluster's data directory (its <c>postmaster.pid</c> names the server process).</summary>
    public string DataDirectory => Path.Combine(_folder, "data");

    private string SocketDirectory => Path.Combine(_folder, "sock");

    private string LogFile => Path.Combine(_folder, "postgres.log");

    /// <summary>
    /// A connection string for <paramref name="database"/>, pooled as in production. (Unpooled, every query opened
    /// a TCP connection and a server process; bursts of them ran out of local ports — connect() failing with
    /// "Resource temporarily unavailable" — which surfaced as rare 503s.) Idle connections are let go after
    /// 15 s, so the many small test databases do not hold server processes for long.
    /// </summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Timeout = 10,
            ConnectionIdleLifetime = 15,
            ConnectionPruningInterval = 5,
        }.ConnectionString;

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries();
        _folder = LocalServer.CreateTempDirectory("pg");
        Directory.CreateDirectory(SocketDirectory);
        if (LocalServer.IsRoot)
        {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres OS user.
            await LocalServer.RunAsync("chown", ["-R", "postgres:postgres", _folder], CommandTimeout);
        }

        await LocalServer.RunAsync(
            Path.Combine(_binaries, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "--no-sync", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"],
            CommandTimeout,
            asPostgres: true);
        Port = LocalServer.FreePort();
        await StartAsync();
    }

    /// <summary>Starts the cluster (again) on <see cref="Port"/>; returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        await LocalServer.RunAsync(
            Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start",
             "-o", $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400"],
            CommandTimeout,
            asPostgres: true);
        IsRunning = true;
        await LocalServer.WaitForPortAsync(Port, TimeSpan.FromSeconds(30), ReadLog);
    }

    /// <summary>Fast shutdown: open sessions are cut, the data stays for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        // Idle pooled sessions of this process would only fail on their next use after the restart.
        NpgsqlConnection.ClearAllPools();
        await LocalServer.RunAsync(
            Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CommandTimeout, asPostgres: true);
        IsRunning = false;
        await LocalServer.WaitForPortClosedAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= $"test_{Guid.NewGuid():N}";
        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException("Use lower-case letters, digits and '_' in a test database name.", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (IsRunning)
            {
                await StopAsync();
            }
        }
        finally
        {
            LocalServer.DeleteDirectory(_folder);
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? $"Postgres log:{Environment.NewLine}{File.ReadAllText(LogFile)}" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        var folder = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return folder ?? throw LocalServer.MissingTool($"PostgreSQL server binaries (initdb, pg_ctl) were not found under {Root}/*/bin (Debian package postgresql).");
    }
}

[CollectionDefinition(Name)]
public sealed class UsesPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "Postgres";
}
