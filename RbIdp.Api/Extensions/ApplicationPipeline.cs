using RbIdp.Api.Infrastructure;
using Scalar.AspNetCore;

namespace RbIdp.Api.Extensions;

public static class ApplicationPipeline
{
    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseMiddleware<RequestLogScope>();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    /// <summary>
    /// The OpenAPI documents at <c>/openapi/v1.json</c> (3.1) and <c>/openapi/v1-3.0.json</c> (3.0), and the interactive
    /// reference at <c>/scalar</c>, open to read.
    /// </summary>
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(options => options.WithTitle("RB IDP API")).AllowAnonymous();
    }
}
