using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RbIdp.Api.Apis;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary>
/// What a client may ask the service to read and date: an <c>s3_path</c> only among its own objects, an
/// <c>application_date</c> no later than today in Moscow. Refused before anything is stored or read.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class SubmissionBoundsTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private const string SharedBucket = "client-docs";
    private const string ClientBBucket = "client-b-inbox";

    /// <summary>23:59 on 6 December in Moscow (UTC+3): still the 6th there, the 6th in UTC too.</summary>
    private static readonly DateTimeOffset LateEveningInMoscow = new(2026, 12, 6, 20, 59, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(LateEveningInMoscow);
    private ApiFactory _api = null!;
    private ApiOnAFakeClock _timed = null!;

    public async Task InitializeAsync()
    {
        _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3, new Dictionary<string, string?>
        {
            ["Submissions:RequestsPerMinute"] = "100000",
            ["Submissions:AllowedS3Buckets:0"] = SharedBucket,
            ["Submissions:ClientObjects:client-b:KeyPrefixes:0"] = "shared/inbox/",
            ["Submissions:ClientObjects:client-b:Buckets:0"] = ClientBBucket,
        });
        _timed = new ApiOnAFakeClock(_api, _clock);
    }

    public async Task DisposeAsync()
    {
        await _timed.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Theory]
    [InlineData("s3://client-docs/clients/client-b/scan.pdf")] // another client's own folder
    [InlineData("s3://client-docs/2026/11/scan.pdf")] // outside any client's folder
    [InlineData("s3://client-docs/clients/client-ab/scan.pdf")] // a client id that only starts like this one's
    [InlineData("s3://client-docs/shared/inbox/scan.pdf")] // a prefix configured for client-b only
    public async Task A_client_naming_an_object_outside_its_own_is_403_and_nothing_is_stored_or_read(string s3Path)
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);

        foreach (var route in new[] { "/v1/jobs", "/v1/process" })
        {
            var response = await client.PostAsJsonAsync(route, Json(s3Path));

            var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden, ProblemTypes.S3PathForbidden);
            Assert.Contains("clients/client-a/", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await _api.WithDbAsync(db => db.Runs.CountAsync()));
    }

    [Theory]
    [InlineData("client-a", "s3://client-docs/clients/client-a/2026/11/scan.pdf")] // its own folder, by default
    [InlineData("client-b", "s3://client-docs/clients/client-b/scan.pdf")] // its own folder beside a configured prefix
    [InlineData("client-b", "s3://client-docs/shared/inbox/2026/scan.pdf")] // a configured prefix
    [InlineData("client-b", "s3://client-b-inbox/any/key.pdf")] // a configured bucket, any key
    public async Task A_client_may_name_its_own_folder_and_what_is_configured_for_it(string clientId, string s3Path)
    {
        using var client = _api.CreateClient(clientId == "client-a" ? ApiFactory.ClientAKey : ApiFactory.ClientBKey);

        var response = await client.PostAsJsonAsync("/v1/jobs", Json(s3Path));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await _api.RunAsync(RunId(await JsonAsync(response)));
        Assert.Equal((clientId, s3Path), (run.ClientId, run.InputReference));
    }

    [Theory]
    [InlineData("s3://other-bucket/clients/client-a/x.pdf")] // a bucket no client may name
    [InlineData("s3://client-b-inbox/clients/client-a/x.pdf")] // a bucket configured for client-b only: not named to client-a
    public async Task A_bucket_the_client_may_not_read_is_422_as_before(string s3Path)
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);

        var response = await client.PostAsJsonAsync("/v1/jobs", Json(s3Path));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.S3PathNotAllowed);
        Assert.Equal(0, await _api.WithDbAsync(db => db.Runs.CountAsync()));
    }

    [Fact]
    public async Task An_application_date_after_today_in_Moscow_is_422_naming_the_field()
    {
        using var client = _timed.CreateClient(ApiFactory.ClientAKey);

        var response = await client.PostAsJsonAsync("/v1/jobs", Json(OwnObject, "2026-12-07"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.Validation);
        Assert.Equal(["application_date"], ErrorFields(problem));
        Assert.Equal(0, await _api.WithDbAsync(db => db.Runs.CountAsync()));
    }

    [Theory]
    [InlineData("2026-12-06")] // today
    [InlineData("2025-01-15")] // a backlog processed late
    public async Task Today_and_past_application_dates_are_accepted(string date)
    {
        using var client = _timed.CreateClient(ApiFactory.ClientAKey);

        var response = await client.PostAsJsonAsync("/v1/jobs", Json(OwnObject, date));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), (await _api.RunAsync(RunId(await JsonAsync(response)))).ApplicationDate);
    }

    [Fact]
    public async Task Moscow_midnight_makes_tomorrow_today_before_UTC_does()
    {
        using var client = _timed.CreateClient(ApiFactory.ClientAKey);
        _clock.SetUtcNow(LateEveningInMoscow.AddMinutes(1)); // 21:00 UTC on the 6th: 00:00 on the 7th in Moscow

        var response = await client.PostAsJsonAsync("/v1/jobs", Json(OwnObject, "2026-12-07"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private const string OwnObject = "s3://client-docs/clients/client-a/scan.pdf";

    private static object Json(string s3Path, string? applicationDate = null) => applicationDate is null
        ? new { fio = Fio, reason = "illness", doc_type = "sick_leave", s3_path = s3Path }
        : new { fio = Fio, reason = "illness", doc_type = "sick_leave", s3_path = s3Path, application_date = applicationDate };

    /// <summary>The same API with the clock replaced (the rest of the host is the factory's).</summary>
    private sealed class ApiOnAFakeClock(ApiFactory api, TimeProvider clock) : IAsyncDisposable
    {
        private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<RbIdp.Api.Submissions.SubmissionReader> _factory =
            api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(clock)));

        public HttpClient CreateClient(string apiKey)
        {
            var client = _factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            return client;
        }

        public ValueTask DisposeAsync() => _factory.DisposeAsync();
    }
}
