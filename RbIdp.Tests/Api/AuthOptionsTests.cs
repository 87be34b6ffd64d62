using RbIdp.Api.Security;

namespace RbIdp.Tests.Api;

public sealed class AuthOptionsTests
{
    [Fact]
    public void A_well_formed_key_entry_passes()
    {
        var options = new AuthOptions { ApiKeys = [new ApiKeyEntry { ClientId = "bank", KeySha256 = ApiKeyRegistry.Hash("key"), Roles = [Roles.Submitter] }] };

        Assert.True(new AuthOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("bank", "not-a-hash", "KeySha256")]
    [InlineData("bank", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", "KeySha256")]
    [InlineData("", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ClientId")]
    public void A_malformed_key_entry_stops_the_api_at_start_naming_the_setting(string clientId, string keySha256, string setting)
    {
        var options = new AuthOptions { ApiKeys = [new ApiKeyEntry { ClientId = clientId, KeySha256 = keySha256 }] };

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
