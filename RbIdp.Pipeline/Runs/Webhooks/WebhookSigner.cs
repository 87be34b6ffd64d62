using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RbIdp.Pipeline.Runs.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>webhook-signature: v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>
/// where the key is the base64 part of a <c>whsec_…</c> secret.
/// </summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Whether any of the space-separated signatures in the header matches (constant time).</summary>
    public static bool Verify(string secret, string webhookId, long timestamp, string body, string signatureHeader)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, webhookId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)));
    }

    /// <summary>Whether the secret is usable: <c>whsec_</c> plus base64 of at least 24 bytes.</summary>
    public static bool IsValidSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var raw = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var buffer = new byte[raw.Length];
        return Convert.TryFromBase64String(raw, buffer, out var length) && length >= 24;
    }
}
