using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RbIdp.Api.Apis;
using RbIdp.Api.Infrastructure;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Tests.Infrastructure;
using StackExchange.Redis;

namespace RbIdp.Tests.Api;

/// <summary>
/// What an exception escaping an endpoint answers: a dependency's fault, however it is wrapped, is 503 with
/// Retry-After; what a client can cause is a 4xx; only a defect is a 500.
/// </summary>
public sealed class ProblemExceptionHandlerTests
{
    public static TheoryData<string, Exception> DependencyFaults => new()
    {
        { "storage, typed by the store", new TransientStorageException("S3 put failed temporarily", new IOException("reset")) },
        { "storage over HTTP", new HttpRequestException("Connection refused (127.0.0.1:9000)") },
        { "MinIO connection", new Minio.Exceptions.ConnectionException("MinIO API responded with message=Connection error") },
        { "a timeout", new TimeoutException("The operation has timed out.") },
        { "a deadline inside the request", new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout") },
        { "PostgreSQL connection, inside EF's DbUpdateException", new DbUpdateException("An error occurred while saving", new NpgsqlException("Exception while reading from stream", new IOException("reset"))) },
        { "PostgreSQL, after EF's retries", new RetryLimitExceededException("The maximum number of retries was exceeded", new NpgsqlException("Failed to connect to 127.0.0.1:5432")) },
        { "PostgreSQL: too many connections", new DbUpdateException("An error occurred while saving", Postgres("53300")) },
        { "PostgreSQL shutting down", Postgres("57P01") },
        { "Redis connection", new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available") },
        { "Redis timeout", new RedisTimeoutException("Timeout performing GET", CommandStatus.WaitingToBeSent) },
        { "Hangfire's storage", new Hangfire.BackgroundJobClientException("Background job creation failed", new NpgsqlException("Failed to connect")) },
        { "one of several", new AggregateException(new InvalidOperationException("first"), new RedisConnectionException(ConnectionFailureType.SocketFailure, "closed")) },
    };

    [Theory]
    [MemberData(nameof(DependencyFaults))]
    public async Task A_dependency_fault_is_503_with_retry_after_however_it_is_wrapped(string fault, Exception exception)
    {
        var (context, problem, logs) = await HandleAsync(exception);

        Assert.True(context.Response.StatusCode == 503, $"{fault}: {context.Response.StatusCode}");
        Assert.Equal("urn:rbidp:problem:unavailable", problem.GetProperty("type").GetString());
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.Empty(logs.Errors);
    }

    [Theory]
    [InlineData("23505", 409, ProblemTypes.Conflict)] // a duplicate that slipped past the admission checks
    [InlineData("22021", 400, ProblemTypes.Validation)] // a NUL byte PostgreSQL cannot store in text
    [InlineData("22001", 400, ProblemTypes.Validation)] // a value too long for its column
    [InlineData("42601", 500, ProblemTypes.Internal)] // a syntax error is a defect, not an outage
    public async Task A_database_error_is_answered_by_what_caused_it(string sqlState, int status, string type)
    {
        var (context, problem, _) = await HandleAsync(new DbUpdateException("An error occurred while saving", Postgres(sqlState)));

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(type, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_client_that_hung_up_is_499_and_logs_no_error()
    {
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        var (context, _, logs) = await HandleAsync(new OperationCanceledException(gone.Token), gone.Token);

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
        Assert.Empty(logs.Errors);
    }

    [Fact]
    public async Task A_defect_is_500_naming_no_internals_and_logged_as_an_error()
    {
        var (context, problem, logs) = await HandleAsync(new InvalidOperationException("secret internal state"));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("urn:rbidp:problem:internal", problem.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Single(logs.Errors);
    }

    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    private static async Task<(HttpContext Context, JsonElement Problem, TestLogs Logs)> HandleAsync(Exception exception, CancellationToken requestAborted = default)
    {
        var logs = new TestLogs("api");
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = requestAborted };
        context.Response.Body = new MemoryStream();
        using var loggers = new LoggerFactory([logs]);
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), loggers.CreateLogger<ProblemExceptionHandler>());

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        // Nothing is written to a client that hung up.
        context.Response.Body.Position = 0;
        var problem = context.Response.Body.Length == 0 ? default
            : (await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: CancellationToken.None)).RootElement.Clone();
        return (context, problem, logs);
    }

}
