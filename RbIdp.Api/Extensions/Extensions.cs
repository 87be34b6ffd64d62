using System.Security.Claims;
using System.Threading.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RbIdp.Api.Apis;
using RbIdp.Api.Infrastructure;
using RbIdp.Api.Security;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Runs.Hosting;

namespace RbIdp.Api.Extensions;

public static class Extensions
{
    /// <summary>The rate-limit policy of the submitting endpoints: a fixed window per client.</summary>
    public const string SubmissionRateLimit = "submissions";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.AddRunsBackend();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<MigrateAtStartService>();
        services.AddHangfire(configuration => configuration.UseRunQueueStorage(connectionString));

        services.AddOptions<SubmissionOptions>().BindConfiguration(SubmissionOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.ClientObjects.All(c => c.Value.Problem(c.Key) is null),
                "Submissions:ClientObjects: every bucket must be a bucket name and every key prefix a plain folder ending with '/'.")
            .ValidateOnStart();
        services.AddScoped<SubmissionReader>();
        services.AddScoped<RunAdmission>();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["trace_id"] = context.HttpContext.TraceIdentifier;
            // A status written by the framework (401 challenge, 403, 404 of an unknown route, 405) gets the stable type too.
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = Problems.TypeFor(problem.Status ?? context.HttpContext.Response.StatusCode);
            }

            if (!problem.Extensions.ContainsKey(Problems.RunIdExtension)
                && context.HttpContext.Request.RouteValues.TryGetValue("runId", out var runId))
            {
                problem.Extensions[Problems.RunIdExtension] = runId;
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            // Numbers are numbers on the wire (the Web defaults also read "12"): the schemas say `integer`, not `integer | string`.
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = UploadLimits.MaxRequestBytes);
        // Small bodies everywhere; the submitting endpoints raise it to the upload limit with endpoint metadata.
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = UploadLimits.MaxOtherRequestBytes);
        services.AddSingleton<SyncCapacity>();

        builder.AddAuth();
        builder.AddRateLimits();
        // /openapi/v1.json is OpenAPI 3.1. /openapi/v1-3.0.json is the same contract in 3.0 for client generators that
        // read a 3.1 nullable reference (oneOf null | $ref) as a class of its own (NSwag 14 does).
        services.AddOpenApi(ApiDocuments.V1, options => ApiDocuments.Configure(options, Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1));
        services.AddOpenApi(ApiDocuments.V1OpenApi30, options => ApiDocuments.Configure(options, Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0));
    }

    private static void AddAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddApiKeyRegistry();
        var jwt = builder.Configuration.GetSection($"{AuthOptions.SectionName}:Jwt").Get<JwtIssuerOptions>() ?? new JwtIssuerOptions();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = "ApiKeyOrBearer";
                options.DefaultChallengeScheme = "ApiKeyOrBearer";
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme("ApiKeyOrBearer", "X-Api-Key or Bearer", options => options.ForwardDefaultSelector = context =>
                jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName);
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(options =>
            {
                options.Authority = jwt.Authority;
                options.Audience = jwt.Audience;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.RoleClaimType = "roles";
                // Every run belongs to a client: a token that names none is refused here (401), not found missing later.
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.FindClientId() is null)
                        {
                            context.Fail("The token names no client (azp, client_id or sub).");
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.ReadPolicy, p => p.RequireRole(Roles.Submitter, Roles.Reviewer, Roles.Admin))
            .AddPolicy(Roles.SubmitPolicy, p => p.RequireRole(Roles.Submitter, Roles.Admin))
            .AddPolicy(Roles.ReviewPolicy, p => p.RequireRole(Roles.Reviewer, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static void AddRateLimits(this IHostApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetSection(SubmissionOptions.SectionName).Get<SubmissionOptions>()?.RequestsPerMinute ?? new SubmissionOptions().RequestsPerMinute;
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SubmissionRateLimit, context =>
                context.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetFixedWindowLimiter(context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "jwt",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("anonymous"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests",
                    $"At most {perMinute} requests per minute per client; retry after {retryAfter} s.").ExecuteAsync(context.HttpContext);
            };
        });
    }
}
