using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace RbIdp.Api.Apis;

/// <summary>Builds RFC 9457 problem details with a stable type.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string type, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail });

    public static ProblemHttpResult Validation(
        Dictionary<string, string[]> errors,
        int status = StatusCodes.Status400BadRequest,
        string type = ProblemTypes.Validation,
        string title = "The request is invalid") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = status, Type = type, Title = title });

    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", what);
}
