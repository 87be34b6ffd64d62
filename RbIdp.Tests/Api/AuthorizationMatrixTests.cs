using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Api;

/// <summary>
/// Who may do what, route by route: every endpoint of the API host's route table is called by each kind of caller and
/// answers the status of its row. A route without a row fails the test, so a new route cannot ship without one.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class AuthorizationMatrixTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    /// <summary>The run a row's request acts on, created by <see cref="ApiFactory.ClientAKey"/> (the submitter) for each call.</summary>
    private enum RunState { None, Queued, Canceled, ManualReview }

    private sealed record Row(string Route, RunState Run, int NoKey, int Submitter, int Reviewer, int Admin, int OtherClient);

    /// <summary>
    /// The expectations. Submitters read and change only their own runs: another client's run is 404, not 403, so its
    /// existence does not leak; artifacts (personal data) and reviews need the reviewer or admin role, checked before
    /// the run is looked up (403 whatever the run). Reviewers and admins see every client's runs; a reviewer changes none
    /// of them but by its review (no submission, cancel or purge: 403, decided by the role before the run is looked up),
    /// and an admin may cancel and purge any client's run.
    /// </summary>
    private static readonly Row[] Table =
    [
        //   route (method and pattern)                       run acted on         no key submitter reviewer admin other client
        new("GET /v1/jobs/",                                  RunState.None,         401,    200,      200,   200,   200),
        new("POST /v1/jobs/",                                 RunState.None,         401,    202,      403,   202,   202),
        new("GET /v1/jobs/{runId:guid}",                      RunState.Queued,       401,    200,      200,   200,   404),
        new("POST /v1/jobs/{runId:guid}/cancel",              RunState.Queued,       401,    202,      403,   202,   404),
        new("DELETE /v1/jobs/{runId:guid}",                   RunState.Queued,       401,    204,      403,   204,   404),
        new("POST /v1/jobs/{runId:guid}/review",              RunState.ManualReview, 401,    403,      200,   200,   403),
        new("GET /v1/jobs/{runId:guid}/events",               RunState.Canceled,     401,    200,      200,   200,   404),
        new("GET /v1/jobs/{runId:guid}/artifacts/",           RunState.Queued,       401,    403,      200,   200,   403),
        new("GET /v1/jobs/{runId:guid}/artifacts/{name}",     RunState.Queued,       401,    403,      200,   200,   403),
        new("POST /v1/process/",                              RunState.None,         401,    200,      403,   200,   200),
        new("* /health",                                      RunState.None,         200,    200,      200,   200,   200),
        new("* /alive",                                       RunState.None,         200,    200,      200,   200,   200),
        new("* /ready",                                       RunState.None,         200,    200,      200,   200,   200),
        // For a Prometheus scraper's key (Metrics:ScrapeKeySha256), none configured here; API keys do not open it.
        new("* /metrics",                                     RunState.None,         401,    401,      401,   401,   401),
        new("GET /openapi/{documentName}.json",               RunState.None,         200,    200,      200,   200,   200),
        new("GET /scalar/{documentName?}",                    RunState.None,         200,    200,      200,   200,   200),
        new("GET /scalar/scalar.js",                          RunState.None,         200,    200,      200,   200,   200),
        new("GET /scalar/scalar.aspnetcore.js",               RunState.None,         200,    200,      200,   200,   200),
        new("GET /scalar/favicon.svg",                        RunState.None,         200,    200,      200,   200,   200),
    ];

    private static readonly (string Name, string? Key)[] Callers =
    [
        ("no key", null), ("submitter", ApiFactory.ClientAKey), ("reviewer", ApiFactory.ReviewerKey),
        ("admin", ApiFactory.AdminKey), ("another client", ApiFactory.ClientBKey),
    ];

    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3, new Dictionary<string, string?>
    {
        ["Submissions:RequestsPerMinute"] = "1000",
    });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public void Every_route_of_the_api_host_has_a_row_and_every_row_a_route()
    {
        var routes = RouteTable().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var rows = Table.Select(r => r.Route).ToHashSet(StringComparer.Ordinal);

        Assert.True(routes.Except(rows).ToList() is [], "Routes without a row in the authorization matrix: " + string.Join(", ", routes.Except(rows)));
        Assert.True(rows.Except(routes).ToList() is [], "Rows without a route: " + string.Join(", ", rows.Except(routes)));
    }

    [Fact]
    public async Task Every_route_answers_each_kind_of_caller_with_the_status_of_its_row()
    {
        var table = Table.ToDictionary(r => r.Route, StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var (route, pattern, method) in RouteTable().Where(r => table.ContainsKey(r.Key)))
        {
            var row = table[route];
            int[] expected = [row.NoKey, row.Submitter, row.Reviewer, row.Admin, row.OtherClient];
            for (var i = 0; i < Callers.Length; i++)
            {
                var (caller, key) = Callers[i];
                var runId = await ArrangeAsync(row.Run);
                using var client = key is null ? _api.CreateClient() : _api.CreateClient(key);
                using var request = Request(method, pattern, runId);
                using var response = await client.SendAsync(request);
                if ((int)response.StatusCode != expected[i])
                {
                    wrong.Add($"{route} as {caller}: {(int)response.StatusCode}, expected {expected[i]} — {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>The API host's routes: each endpoint with its methods (<c>*</c> for any) and its pattern.</summary>
    private IEnumerable<(string Key, RoutePattern Pattern, string Method)> RouteTable() =>
        from endpoint in _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]
        select ($"{method} {endpoint.RoutePattern.RawText}", endpoint.RoutePattern, method);

    private static HttpRequestMessage Request(string method, RoutePattern pattern, Guid? runId)
    {
        var path = string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "runId" } => $"{runId ?? throw new InvalidOperationException($"{pattern.RawText} names a run: give its row one")}",
            RoutePatternParameterPart { Name: "name" } => "input",
            RoutePatternParameterPart { Name: "documentName" } => "v1",
            RoutePatternParameterPart parameter => throw new InvalidOperationException($"No value for the route parameter '{parameter.Name}' of {pattern.RawText}: add one."),
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}."),
        }))));
        var request = new HttpRequestMessage(method == "*" ? HttpMethod.Get : new HttpMethod(method), "/" + path);
        request.Content = pattern.RawText switch
        {
            "/v1/jobs/" when method == "POST" => ApiCalls.Form(ApiCalls.SickLeavePng),
            // Evidence the policy does not accept for the reason: answered at once, before anything is read.
            "/v1/process/" => ApiCalls.Form(ApiCalls.SickLeavePng, reason: "illness", docType: "income_certificate"),
            "/v1/jobs/{runId:guid}/review" => JsonContent.Create(new { verdict = "approved", comment = "Checked." }),
            _ => null,
        };
        return request;
    }

    private async Task<Guid?> ArrangeAsync(RunState state)
    {
        if (state == RunState.None)
        {
            return null;
        }

        using var owner = _api.CreateClient(ApiFactory.ClientAKey);
        var submitted = await owner.PostAsync("/v1/jobs", ApiCalls.Form(ApiCalls.SickLeavePng));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var runId = ApiCalls.RunId(await ApiCalls.JsonAsync(submitted));
        if (state == RunState.Queued)
        {
            return runId;
        }

        await _api.WithDbAsync(async db =>
        {
            var run = await db.Runs.SingleAsync(r => r.Id == runId);
            run.Status = state == RunState.Canceled ? RunStatus.Canceled : RunStatus.Succeeded;
            run.Verdict = state == RunState.ManualReview ? Verdict.ManualReview : null;
            run.ResultJson = state == RunState.ManualReview ? $$"""{"run_id":"{{runId:D}}","status":"succeeded","verdict":"manual_review"}""" : null;
            run.CompletedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });
        return runId;
    }
}
