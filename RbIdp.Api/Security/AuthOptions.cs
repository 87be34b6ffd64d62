using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Api.Security;

/// <summary>
/// Section <c>Auth</c>. API keys are stored as SHA-256 hashes (hex) with a client id and roles;
/// the environment variable <c>RBIDP_API_KEY</c> adds one local key with every role.
/// A JWT issuer is optional (<c>Auth:Jwt:Authority</c> + <c>Auth:Jwt:Audience</c>). Validated at start by <see cref="AuthOptionsValidator"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Every entry is validated at start: a malformed hash would otherwise fail the first request it is compared with.</summary>
    [ValidateEnumeratedItems]
    public List<ApiKeyEntry> ApiKeys { get; init; } = [];

    public JwtIssuerOptions Jwt { get; init; } = new();

    /// <summary>Client id given to the <c>RBIDP_API_KEY</c> key.</summary>
    public string LocalClientId { get; init; } = "local";
}

[OptionsValidator]
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>;

public sealed class ApiKeyEntry
{
    [Required, StringLength(100, MinimumLength = 1)]
    public string ClientId { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the key: <c>printf %s "$KEY" | sha256sum</c>.</summary>
    [Required, RegularExpression("^[0-9a-f]{64}$", ErrorMessage = "KeySha256 must be 64 lower-case hex digits (sha256sum of the key).")]
    public string KeySha256 { get; init; } = "";

    public List<string> Roles { get; init; } = [];

    /// <summary>Secret for signing this client's webhooks (Standard Webhooks, base64 with optional <c>whsec_</c> prefix).</summary>
    public string? WebhookSecret { get; init; }
}

public sealed class JwtIssuerOptions
{
    public string? Authority { get; init; }
    public string? Audience { get; init; }
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
