using System.Net;
using RbIdp.Api.Apis;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary>Each client has its own submission budget per minute; over it: 429 with Retry-After, others unaffected.</summary>
[Collection(UsesServices.Name)]
public sealed class RateLimitTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiFactory _api = null!;

    public async Task InitializeAsync() =>
        _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3, new Dictionary<string, string?> { ["Submissions:RequestsPerMinute"] = "2" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Third_submission_in_a_minute_is_429_with_retry_after_and_another_client_still_submits()
    {
        using var clientA = _api.CreateClient(ApiFactory.ClientAKey);
        using var clientB = _api.CreateClient(ApiFactory.ClientBKey);
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await clientA.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: $"rate-{i}"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var limited = await clientA.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: "rate-2"));
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After in seconds");

        using var other = await clientB.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: "rate-b"));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }
}
