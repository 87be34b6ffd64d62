using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Runs.Webhooks;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Worker;

/// <summary>Callback URLs that would point webhooks at the bank's own network are refused (SSRF).</summary>
[Collection(UsesServices.Name)]
public sealed class CallbackUrlTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiAndWorker _stack = null!;

    public async Task InitializeAsync() => _stack = await ApiAndWorker.StartAsync(postgres, redis, s3, startWorker: false);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.2:8080/hook")]
    [InlineData("https://127.1.2.3/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("http://example.com/hook")]
    [InlineData("https://user:secret@example.com/hook")]
    public async Task Callback_url_into_a_private_network_is_refused_at_submission(string url)
    {
        using var response = await _stack.PostJobAsync("%PDF-1.4\n%%EOF\n"u8.ToArray(), "doc.pdf", "Иванов Иван Петрович",
            DeferralReason.IncomeDecrease, DocumentType.IncomeCertificate, new DateOnly(2026, 11, 20), new Uri(url));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:rbidp:problem:callback-url-not-allowed", problem.GetProperty("type").GetString());
        Assert.Empty(await _stack.QueryAsync("SELECT id FROM runs", r => r.GetGuid(0)));
    }
}

/// <summary>Which addresses count as public for webhooks: nothing loopback, private, link-local, CGNAT, unique-local or multicast.</summary>
public sealed class CallbackUrlPolicyTests
{
    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.254", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.10.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.127.255.255", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::a00:1", false)] // NAT64 of 10.0.0.1
    [InlineData("64:ff9b:1::808:808", false)] // local-use NAT64 (RFC 8215): never public
    [InlineData("2002:c0a8:101::1", false)] // 6to4 of 192.168.1.1
    [InlineData("2002:7f00:1::", false)] // 6to4 of 127.0.0.1
    [InlineData("::a00:1", false)] // IPv4-compatible 10.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", false)] // Teredo
    [InlineData("2001:db8::1", false)]
    [InlineData("64:ff9b::808:808", true)] // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1", true)] // 6to4 of 8.8.8.8
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("2a00:1450:4010:c05::64", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Only_internet_routable_addresses_are_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, CallbackUrlPolicy.IsPublic(IPAddress.Parse(address)));
}

/// <summary>
/// The webhook client checks where it connects before it connects: a name that resolves to a non-public address gets
/// no connection at all (not one that is opened, then closed), and a redirect is answered, never followed.
/// </summary>
public sealed class WebhookConnectionTests
{
    [Fact]
    public async Task A_host_name_resolving_to_loopback_gets_no_connection_opened()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = WebhookClient();

            // "localhost" is a name, not an address literal: it resolves to 127.0.0.1 (and ::1).
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri($"http://localhost:{port}/hook"), new StringContent("{}")));

            Assert.Contains("non-public address", error.Message, StringComparison.Ordinal);
            Assert.False(listener.Pending(), "a TCP connection reached the loopback listener before the address was checked");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("169.254.169.254")]
    [InlineData("93.184.216.34", "127.0.0.1")] // one public and one loopback address: the loopback one could be handed out next
    [InlineData("2a00:1450:4010:c05::64", "fd12:3456::1")]
    public async Task A_name_with_any_non_public_address_is_refused_before_connecting(params string[] resolvesTo)
    {
        var policy = Policy(resolvesTo);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => policy.ApprovedAddressesAsync("hooks.example.com", CancellationToken.None));

        Assert.Contains("non-public address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_of_public_addresses_is_connected_to_by_those_addresses_only()
    {
        var policy = Policy("93.184.216.34", "2a00:1450:4010:c05::64");

        var approved = await policy.ApprovedAddressesAsync("hooks.example.com", CancellationToken.None);

        Assert.Equal([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2a00:1450:4010:c05::64")], approved);
    }

    [Fact]
    public async Task An_allow_listed_host_may_resolve_to_a_private_address_and_a_name_that_does_not_resolve_is_refused()
    {
        var policy = Policy(["10.0.0.5"], allowListed: "hooks.internal");

        Assert.Equal([IPAddress.Parse("10.0.0.5")], await policy.ApprovedAddressesAsync("hooks.internal", CancellationToken.None));
        var unresolved = new CallbackUrlPolicy(Options([]), (_, _) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
        await Assert.ThrowsAsync<HttpRequestException>(() => unresolved.ApprovedAddressesAsync("nowhere.example", CancellationToken.None));
    }

    [Fact]
    public async Task A_redirect_is_a_failed_answer_and_its_target_is_never_called()
    {
        var targetCalls = 0;
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", () => Microsoft.AspNetCore.Http.Results.Redirect("/target", permanent: false, preserveMethod: true));
        receiver.MapPost("/target", () =>
        {
            Interlocked.Increment(ref targetCalls);
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await receiver.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var address = new Uri(receiver.Urls.Single());
        using var client = WebhookClient(allowListed: "127.0.0.1");

        using var response = await client.PostAsync(new Uri(address, "/hook"), new StringContent("{}")).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.False(response.IsSuccessStatusCode, "a 3xx counts as a failed delivery");
        Assert.Equal(0, targetCalls);
        await receiver.StopAsync();
    }

    private static HttpClient WebhookClient(string? allowListed = null)
    {
        var settings = new Dictionary<string, string?>();
        if (allowListed is not null)
        {
            settings["Webhooks:AllowedHosts:0"] = allowListed;
        }

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddWebhooks();
        var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookOptions.HttpClientName);
    }

    private static CallbackUrlPolicy Policy(string[] resolvesTo, string? allowListed = null) =>
        new(Options(allowListed is null ? [] : [allowListed]), (_, _) => Task.FromResult(resolvesTo.Select(IPAddress.Parse).ToArray()));

    private static CallbackUrlPolicy Policy(params string[] resolvesTo) => Policy(resolvesTo, null);

    private static Microsoft.Extensions.Options.IOptions<WebhookOptions> Options(List<string> allowListed) =>
        Microsoft.Extensions.Options.Options.Create(new WebhookOptions { AllowedHosts = allowListed });
}
