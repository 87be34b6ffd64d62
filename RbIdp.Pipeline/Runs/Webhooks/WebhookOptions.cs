using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Runs.Webhooks;

/// <summary>
/// Section <c>Webhooks</c>: the signing secret per client (<c>Webhooks:Secrets:&lt;client_id&gt;</c>, Standard
/// Webhooks format <c>whsec_&lt;base64&gt;</c>), and the hosts that may be called although they are plain http
/// or private (<c>Webhooks:AllowedHosts</c>) — by default only public https endpoints are called.
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The name of the <see cref="HttpClient"/> that delivers webhooks (its own connection policy, no retries of its own).</summary>
    public const string HttpClientName = "webhooks";

    public Dictionary<string, string> Secrets { get; init; } = new(StringComparer.Ordinal);

    public List<string> AllowedHosts { get; init; } = [];

    /// <summary>How long one delivery attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool IsAllowListed(string host) => AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
}

[OptionsValidator]
internal sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
