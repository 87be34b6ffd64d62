using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StackExchange.Redis;
using RbIdp.Api.Apis;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Maps what escapes an endpoint to problem+json: an oversized body is 413, a broken multipart body 400, a value
/// PostgreSQL cannot store (a data exception, class 22) 400, a run row that another writer (the worker, another
/// request) changed between this request's read and write 409 (read it again, retry if it still applies), as is a
/// duplicate that slipped past the checks (a unique violation); a fault of a dependency — storage, the database,
/// Redis, the queue, a timeout — is 503 with <c>Retry-After</c>, wherever it is wrapped (EF's
/// <see cref="DbUpdateException"/> or retry limit, an aggregate); a client that hung up gets 499 and no error in
/// the log. Anything else is a defect: a 500 that names no internals, logged as an error.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client waits before retrying a 503.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var aborted = httpContext.RequestAborted.IsCancellationRequested;
        var (status, type, title) = exception switch
        {
            OperationCanceledException when aborted =>
                (StatusCodes.Status499ClientClosedRequest, ProblemTypes.BadRequest, "The client closed the request"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large"),
            InvalidDataException when exception.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase) =>
                (StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large"),
            DbUpdateConcurrencyException =>
                (StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The job changed while this request was handled"),
            _ when Find<PostgresException>(exception) is { SqlState: PostgresErrorCodes.UniqueViolation } =>
                (StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The job changed while this request was handled"),
            _ when Find<PostgresException>(exception) is { SqlState: var state } && state.StartsWith("22", StringComparison.Ordinal) =>
                (StatusCodes.Status400BadRequest, ProblemTypes.Validation, "A value in the request cannot be stored"),
            BadHttpRequestException or InvalidDataException or IOException when !aborted =>
                (StatusCodes.Status400BadRequest, ProblemTypes.Validation, "The request body could not be read"),
            _ when IsDependencyFault(exception) =>
                (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "A dependency is unavailable; retry later"),
            _ => (StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "Unexpected error"),
        };

        switch (status)
        {
            case StatusCodes.Status503ServiceUnavailable:
                LogDependencyFault(logger, httpContext.TraceIdentifier, exception);
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case >= 500:
                LogUnhandled(logger, httpContext.TraceIdentifier, exception);
                break;
            case StatusCodes.Status409Conflict:
                LogLostWrite(logger, httpContext.TraceIdentifier, httpContext.Request.Path);
                break;
            case StatusCodes.Status499ClientClosedRequest:
                LogClientGone(logger, httpContext.TraceIdentifier, httpContext.Request.Path);
                break;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = type,
                Title = title,
                Detail = status switch
                {
                    StatusCodes.Status413PayloadTooLarge => $"Uploads are limited to {UploadLimits.MaxFileBytes / (1024 * 1024)} MB.",
                    StatusCodes.Status409Conflict => "Another update to the job came first; read it again and retry if the request still applies.",
                    _ => null,
                },
            },
        });
    }

    /// <summary>
    /// A fault of something the API depends on, not of the API nor of the request: storage (typed by the store, or an
    /// HTTP or socket error on its way), PostgreSQL (a connection fault, or a server error PostgreSQL itself calls
    /// transient: too many connections, shutting down, a serialization failure), Redis, Hangfire's storage, a timeout.
    /// Looked for through the wrappers (EF's DbUpdateException and retry limit, aggregates).
    /// </summary>
    internal static bool IsDependencyFault(Exception exception) => exception switch
    {
        TransientStorageException or TimeoutException or RedisException or Hangfire.BackgroundJobClientException => true,
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException or HttpRequestException or System.Net.Sockets.SocketException or Minio.Exceptions.ConnectionException => true,
        OperationCanceledException => true, // a deadline inside the request ran out; the client is still there
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsDependencyFault),
        _ => exception.InnerException is { } inner && IsDependencyFault(inner),
    };

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {TraceId} met an unavailable dependency; answered 503 with Retry-After")]
    private static partial void LogDependencyFault(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {TraceId} to {Path} was abandoned by its client")]
    private static partial void LogClientGone(ILogger logger, string traceId, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {TraceId} failed")]
    private static partial void LogUnhandled(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {TraceId} to {Path} lost its write to a concurrent update of the run; answered 409")]
    private static partial void LogLostWrite(ILogger logger, string traceId, PathString path);
}

/// <summary>Request size limits: the policy's 20 MB per file, plus room for the form fields.</summary>
public static class UploadLimits
{
    public const long MaxFileBytes = 20L * 1024 * 1024;
    public const long MaxRequestBytes = MaxFileBytes + (256 * 1024);

    /// <summary>Every other request body (JSON submissions with an s3_path, reviews): Kestrel's global limit.</summary>
    public const long MaxOtherRequestBytes = 1024 * 1024;
}
