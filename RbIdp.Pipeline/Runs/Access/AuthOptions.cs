namespace RbIdp.Pipeline.Runs.Access;

/// <summary>
/// Section <c>Auth</c>, read by the API (callers) and the worker (the dashboard's sign-in) alike. API keys are stored as
/// SHA-256 hashes (hex) with a client id and roles; the environment variable <c>RBIDP_API_KEY</c> adds one local key
/// with every role. A JWT issuer is optional (<c>Auth:Jwt:Authority</c> + <c>Auth:Jwt:Audience</c>).
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public List<ApiKeyEntry> ApiKeys { get; init; } = [];

    public JwtIssuerOptions Jwt { get; init; } = new();

    /// <summary>Client id given to the <c>RBIDP_API_KEY</c> key.</summary>
    public string LocalClientId { get; init; } = "local";

    /// <summary>
    /// Gone: the worker's list of extra dashboard admin keys. Bound only so that a deployment still setting it is
    /// told at start where those keys go now (an <c>Auth:ApiKeys</c> entry with the role <c>admin</c>).
    /// </summary>
    public List<string> AdminKeySha256 { get; init; } = [];
}

public sealed class ApiKeyEntry
{
    /// <summary>1 to 100 characters.</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the key: <c>printf %s "$KEY" | sha256sum</c>.</summary>
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
