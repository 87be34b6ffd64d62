using System.Net;
using System.Text.Json;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Api;

[Collection(UsesServices.Name)]
public sealed class ReadinessTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Ready_is_503_naming_postgres_while_it_is_down_and_200_when_it_is_back()
    {
        using var client = _api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);

        await postgres.StopAsync();
        HttpResponseMessage down;
        try
        {
            down = await client.GetAsync("/ready");
        }
        finally
        {
            await postgres.StartAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["postgres"], problem.GetProperty("failed_dependencies").EnumerateArray().Select(e => e.GetString()));

        // Npgsql's pool needs a moment to notice the restarted server.
        var back = await RetryAsync(() => client.GetAsync("/ready"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key_but_the_api_does()
    {
        using var client = _api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/jobs")).StatusCode);
    }

    private static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> call, Func<HttpResponseMessage, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await call();
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(500);
        }
    }
}
