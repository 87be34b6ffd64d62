using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace RbIdp.Tests.Infrastructure;

[Collection(UsesPostgres.Name)]
public sealed class PostgresServerTests(PostgresServer postgres) : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Postgres_can_be_stopped_and_restarted_on_the_same_port_with_its_data()
    {
        var port = postgres.Port;
        await ExecuteAsync("CREATE TABLE runs (id int primary key); INSERT INTO runs VALUES (42);");

        await postgres.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync("SELECT 1"));
        }
        finally
        {
            await postgres.StartAsync();
        }

        Assert.Equal(port, postgres.Port);
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var query = new NpgsqlCommand("SELECT id FROM runs", connection);
        Assert.Equal(42, await query.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Each_test_class_gets_its_own_empty_database()
    {
        var other = await postgres.CreateDatabaseAsync();

        Assert.NotEqual(_database, other);
        await using var connection = new NpgsqlConnection(other);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}

[Collection(UsesRedis.Name)]
public sealed class RedisServerTests(RedisServer redis)
{
    [Fact]
    public async Task Redis_answers_ping_and_stores_a_value()
    {
        Assert.Equal("+PONG", await SendAsync("PING"));
        Assert.Equal("+OK", await SendAsync("SET fixture works"));
        Assert.Equal("$5", await SendAsync("GET fixture"));
    }

    /// <summary>One inline command over RESP; returns the first reply line.</summary>
    private async Task<string> SendAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", redis.Port).WaitAsync(TimeSpan.FromSeconds(10));
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n")).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? "";
    }
}
