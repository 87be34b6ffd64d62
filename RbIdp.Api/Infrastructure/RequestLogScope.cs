using RbIdp.Api.Security;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Every line logged while a request is handled carries the caller's <c>client_id</c> and, on a job's routes, its
/// <c>run_id</c> (the trace id comes from the service defaults' activity tracking). Runs after authentication.
/// </summary>
public sealed class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger)
{
    public const string ClientIdKey = "client_id";
    public const string RunIdKey = "run_id";

    public async Task InvokeAsync(HttpContext context)
    {
        var scope = new List<KeyValuePair<string, object?>>(2);
        if (context.User.Identity?.IsAuthenticated == true)
        {
            scope.Add(new(ClientIdKey, context.User.ClientId()));
        }

        if (context.Request.RouteValues.TryGetValue("runId", out var runId) && runId is not null)
        {
            scope.Add(new(RunIdKey, runId));
        }

        if (scope.Count == 0)
        {
            await next(context);
            return;
        }

        using (logger.BeginScope(scope))
        {
            await next(context);
        }
    }
}
