using System.Net;
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
