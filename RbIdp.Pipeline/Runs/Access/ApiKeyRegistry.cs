using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Runs.Access;

/// <summary>
/// The configured API keys, by hash: one registry for the API (who calls) and the worker (who signs in to the
/// dashboard), so a key means the same client with the same roles on both. Every lookup compares every entry in
/// constant time.
/// </summary>
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

    /// <summary>The key's client as a principal: its client id as <paramref name="idClaimType"/>, and its roles.</summary>
    public ClaimsPrincipal? Authenticate(string key, string idClaimType, string authenticationType) =>
        Find(key) is { } entry
            ? new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(idClaimType, entry.ClientId), .. entry.Roles.Select(r => new Claim(ClaimTypes.Role, r))], authenticationType))
            : null;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>The <c>Auth</c> section at start: every key entry complete, and no setting that is no longer read.</summary>
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            if (entry.ClientId.Length is < 1 or > 100)
            {
                errors.Add($"Auth:ApiKeys:{i}:ClientId is 1 to 100 characters.");
            }

            if (!Sha256Hex().IsMatch(entry.KeySha256))
            {
                errors.Add($"Auth:ApiKeys:{i}:KeySha256 must be 64 lower-case hex digits (sha256sum of the key).");
            }

            if (entry.Roles.Except(Roles.All, StringComparer.Ordinal).FirstOrDefault() is { } unknown)
            {
                errors.Add($"Auth:ApiKeys:{i}:Roles: '{unknown}' is not a role (submitter, reviewer, admin).");
            }
        }

        if (options.AdminKeySha256.Count > 0)
        {
            errors.Add("Auth:AdminKeySha256 is no longer read: give each dashboard admin key an Auth:ApiKeys entry (ClientId, KeySha256) with the role admin.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}

public static class ApiKeyRegistryExtensions
{
    /// <summary>The <c>Auth</c> section (validated at start) and the <see cref="ApiKeyRegistry"/> read from it.</summary>
    public static IServiceCollection AddApiKeyRegistry(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton<ApiKeyRegistry>();
        return services;
    }
}
