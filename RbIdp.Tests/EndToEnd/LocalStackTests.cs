using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;

namespace RbIdp.Tests.EndToEnd;

/// <summary>The whole stack, as the README's run command starts it, on a machine without a container engine.</summary>
public sealed class LocalStackTests(LocalStackFixture stack) : IClassFixture<LocalStackFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Api_and_worker_are_healthy_and_ready_with_every_dependency()
    {
        using var api = stack.CreateClient("api", authenticated: false);
        using var worker = stack.CreateClient("worker", authenticated: false);

        var ready = await api.GetAsync("/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"postgres\"", body, StringComparison.Ordinal);
        Assert.Contains("\"redis\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Job_submitted_to_the_api_is_completed_by_the_worker_and_its_result_read_back_from_storage()
    {
        using var api = stack.CreateClient("api");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Иванов Иван Петрович"), "fio" },
            { new StringContent("illness"), "reason" },
            { new StringContent("income_certificate"), "doc_type" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "doc.pdf" },
        };

        var submitted = await api.PostAsync("/v1/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var location = submitted.Headers.Location!.ToString();
        Assert.Equal(location, submitted.Headers.GetValues("Operation-Location").Single());
        Assert.NotNull(submitted.Headers.RetryAfter);

        var status = await PollUntilFinalAsync(api, location);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        var result = status.GetProperty("result");
        Assert.Equal("rejected", result.GetProperty("verdict").GetString());
        Assert.Equal("REASON_DOC_MISMATCH", result.GetProperty("errors")[0].GetProperty("code").GetString());

        // The worker stored result.json; the API streams it back from the same storage.
        var stored = await api.GetFromJsonAsync<JsonElement>($"{location}/artifacts/result.json");
        Assert.Equal(status.GetProperty("run_id").GetString(), stored.GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Redis_started_by_the_apphost_round_trips_a_value()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{stack.RedisPort}").WaitAsync(TimeSpan.FromSeconds(10));
        var db = redis.GetDatabase();
        await db.StringSetAsync("rbidp:e2e", "значение", TimeSpan.FromMinutes(1));
        Assert.Equal("значение", (string?)await db.StringGetAsync("rbidp:e2e"));
    }

    [Fact]
    public async Task Every_v1_endpoint_needs_an_api_key()
    {
        using var anonymous = stack.CreateClient("api", authenticated: false);
        var response = await anonymous.GetAsync($"/v1/jobs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> PollUntilFinalAsync(HttpClient api, string location)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        while (true)
        {
            var status = await api.GetFromJsonAsync<JsonElement>(location, timeout.Token);
            if (status.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled")
            {
                return status;
            }

            await Task.Delay(500, timeout.Token);
        }
    }
}
