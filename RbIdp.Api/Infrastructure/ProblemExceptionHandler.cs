using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using RbIdp.Api.Apis;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Maps what escapes an endpoint to problem+json: an oversized body is 413, a broken multipart body 400, a run row
/// that another writer (the worker, another request) changed between this request's read and write 409 (read it
/// again, retry if it still applies), unreachable storage, database or Redis 503; anything else is a 500 that names
/// no internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large"),
            InvalidDataException when exception.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase) =>
                (StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large"),
            DbUpdateConcurrencyException =>
                (StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The job changed while this request was handled"),
            BadHttpRequestException or InvalidDataException or IOException when !httpContext.RequestAborted.IsCancellationRequested =>
                (StatusCodes.Status400BadRequest, ProblemTypes.Validation, "The request body could not be read"),
            TransientStorageException or Npgsql.NpgsqlException or TimeoutException or Hangfire.BackgroundJobClientException or StackExchange.Redis.RedisException =>
                (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "A dependency is unavailable; retry later"),
            _ => (StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "Unexpected error"),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, httpContext.TraceIdentifier, exception);
        }
        else if (status == StatusCodes.Status409Conflict)
        {
            LogLostWrite(logger, httpContext.TraceIdentifier, httpContext.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
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
