using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace RbIdp.Api.Apis;

/// <summary>Builds RFC 9457 problem details with a stable type (and the run's id where there is one).</summary>
public static class Problems
{
    public const string RunIdExtension = "run_id";

    public static ProblemHttpResult Create(int status, string type, string title, string? detail = null, Guid? runId = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (runId is { } id)
        {
            problem.Extensions[RunIdExtension] = id.ToString("D");
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(
        Dictionary<string, string[]> errors,
        int status = StatusCodes.Status400BadRequest,
        string type = ProblemTypes.Validation,
        string title = "The request is invalid") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = status, Type = type, Title = title });

    /// <summary>A request_id / Idempotency-Key that named another run's fields or file.</summary>
    public static ProblemHttpResult IdempotencyConflict(Guid runId) => Create(
        StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyConflict, "Idempotency key reused with another body",
        $"This request_id / Idempotency-Key was used for run {runId:D} with different fields or another file.", runId);

    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", what);

    /// <summary>The stable type of a problem that the framework wrote with only a status (401, 403, 405, …).</summary>
    public static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.Validation,
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.Unavailable,
        >= 500 => ProblemTypes.Internal,
        _ => ProblemTypes.BadRequest,
    };
}
