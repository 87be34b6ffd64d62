using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RbIdp.Api.Security;

/// <summary>Authenticates <c>X-Api-Key</c> against the configured key hashes (constant-time comparison).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = registry.Find(values.ToString());
        if (client is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        Claim[] claims = [new(ClaimTypes.NameIdentifier, client.ClientId), .. client.Roles.Select(r => new Claim(ClaimTypes.Role, r))];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>The configured API keys, by hash.</summary>
public sealed class ApiKeyRegistry
{
    private readonly ApiKeyEntry[] _entries;

    public ApiKeyRegistry(IOptions<AuthOptions> options, IConfiguration configuration)
    {
        var entries = options.Value.ApiKeys.ToList();
        var localKey = configuration["RBIDP_API_KEY"];
        if (!string.IsNullOrWhiteSpace(localKey))
        {
            entries.Add(new ApiKeyEntry { ClientId = options.Value.LocalClientId, KeySha256 = Hash(localKey), Roles = [.. Roles.All] });
        }

        _entries = [.. entries];
    }

    public bool IsEmpty => _entries.Length == 0;

    public ApiKeyEntry? Find(string key)
    {
        var hash = Convert.FromHexString(Hash(key));
        ApiKeyEntry? found = null;
        foreach (var entry in _entries)
        {
            // Compare every entry in constant time so timing does not reveal which prefix matched.
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(entry.KeySha256)))
            {
                found = entry;
            }
        }

        return found;
    }

    public ApiKeyEntry? ForClient(string clientId) => _entries.FirstOrDefault(e => e.ClientId == clientId);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
