using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Runs.Access;

namespace RbIdp.Tests.Api;

/// <summary>
/// One registry of API keys for the API and the worker's dashboard sign-in (<c>Auth</c>): a key is the same client with the
/// same roles on both, and a malformed or retired setting stops the host at start with the key to fix.
/// </summary>
public sealed class ApiKeyRegistryTests
{
    [Fact]
    public void A_key_is_its_client_with_its_roles_and_the_local_key_has_every_role()
    {
        var registry = Build(new()
        {
            ["Auth:ApiKeys:0:ClientId"] = "back-office",
            ["Auth:ApiKeys:0:KeySha256"] = ApiKeyRegistry.Hash("reviewer-key"),
            ["Auth:ApiKeys:0:Roles:0"] = "reviewer",
            ["RBIDP_API_KEY"] = "local-dev-key",
        }).GetRequiredService<ApiKeyRegistry>();

        var reviewer = registry.Authenticate("reviewer-key", ClaimTypes.Name, "test")!;
        Assert.Equal("back-office", reviewer.Identity!.Name);
        Assert.True(reviewer.IsInRole(Roles.Reviewer));
        Assert.False(reviewer.IsInRole(Roles.Admin));
        Assert.All(Roles.All, role => Assert.True(registry.Authenticate("local-dev-key", ClaimTypes.Name, "test")!.IsInRole(role)));
        Assert.Null(registry.Authenticate("no-such-key", ClaimTypes.Name, "test"));
    }

    [Theory]
    [InlineData("Auth:ApiKeys:0:KeySha256", "ABC", "Auth:ApiKeys:0:KeySha256 must be 64 lower-case hex digits")]
    [InlineData("Auth:ApiKeys:0:ClientId", "", "Auth:ApiKeys:0:ClientId is 1 to 100 characters")]
    [InlineData("Auth:ApiKeys:0:Roles:0", "superuser", "'superuser' is not a role")]
    [InlineData("Auth:AdminKeySha256:0", "0000000000000000000000000000000000000000000000000000000000000000", "Auth:AdminKeySha256 is no longer read")]
    public void A_malformed_or_retired_setting_is_refused_naming_it(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:ClientId"] = "client-a",
            ["Auth:ApiKeys:0:KeySha256"] = ApiKeyRegistry.Hash("client-a-key"),
            ["Auth:ApiKeys:0:Roles:0"] = "submitter",
            [key] = value,
        };

        var error = Assert.Throws<OptionsValidationException>(() => Build(settings).GetRequiredService<IOptions<AuthOptions>>().Value);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddApiKeyRegistry().BuildServiceProvider();
    }
}
