using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Api;

/// <summary>
/// Callers with a JWT from the configured issuer (<c>Auth:Jwt</c>): the token's client (<c>azp</c>, <c>client_id</c> or
/// <c>sub</c>) owns the runs it submits, and a token that names no client is refused at the door — 401 problem+json,
/// not a 500 from the first endpoint that asks whose call it is.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class JwtCallerTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private const string Issuer = "https://issuer.rbidp.test";
    private const string Audience = "rbidp-api";
    private static readonly SymmetricSecurityKey SigningKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3,
        new Dictionary<string, string?> { ["Auth:Jwt:Authority"] = Issuer, ["Auth:Jwt:Audience"] = Audience },
        services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            // The issuer's keys, as its discovery document would give them (nothing is fetched in a test).
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(SigningKey);
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        }));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_token_naming_its_client_lists_and_submits_that_clients_jobs()
    {
        using var client = Client(new() { ["azp"] = "jwt-client", ["roles"] = "submitter" });

        using var submitted = await client.PostAsync("/v1/jobs", ApiCalls.Form(ApiCalls.SickLeavePng));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var runId = ApiCalls.RunId(await ApiCalls.JsonAsync(submitted));

        var owner = await _api.WithDbAsync(async db => (await db.Runs.FindAsync(runId))!.ClientId);
        Assert.Equal("jwt-client", owner);
    }

    [Theory]
    [InlineData("GET", "/v1/jobs")]
    [InlineData("POST", "/v1/jobs")]
    [InlineData("POST", "/v1/process")]
    public async Task A_token_naming_no_client_is_401_problem_json(string method, string path)
    {
        using var client = Client(new() { ["roles"] = "submitter" });
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? ApiCalls.Form(ApiCalls.SickLeavePng) : null,
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:rbidp:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_api.Logs.Errors, e => e.Exception is InvalidOperationException);
    }

    private HttpClient Client(Dictionary<string, object> claims)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
