using Scalar.AspNetCore;

namespace RbIdp.Api.Extensions;

public static class ApplicationPipeline
{
    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the interactive reference at <c>/scalar</c>, open to read.</summary>
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(options => options.WithTitle("RB IDP API")).AllowAnonymous();
    }
}
