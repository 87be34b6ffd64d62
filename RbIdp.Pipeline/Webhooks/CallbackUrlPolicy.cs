using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Webhooks;

/// <summary>
/// Keeps webhooks from being turned against the bank's own network (SSRF): https only, no credentials in
/// the URL, and every address the host resolves to must be public — unless the host is allow-listed.
/// Checked when a job is submitted, and again at each delivery (DNS may change): the delivery's connection is
/// opened only to addresses <see cref="ApprovedAddressesAsync"/> resolved and approved, never to a name.
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<WebhookOptions> options, HostAddressResolver? resolver = null)
{
    private readonly HostAddressResolver _resolve = resolver ?? ((host, cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken));

    /// <summary>Why the URL may not be called, or null when it may.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (Refusal(url) is { } refusal)
        {
            return refusal;
        }

        if (options.Value.IsAllowListed(url.Host))
        {
            return null;
        }

        var addresses = await ResolveAsync(url.DnsSafeHost, cancellationToken);
        return addresses.Length == 0 ? $"the host '{url.Host}' does not resolve"
            : addresses.FirstOrDefault(a => !IsPublic(a)) is { } inner ? $"'{url.Host}' resolves to a non-public address ({inner})"
            : null;
    }

    /// <summary>
    /// The addresses a delivery to <paramref name="host"/> may connect to, resolved once: every one of them, each
    /// public (a single private one refuses the host: the resolver could hand that one out next), or any address of
    /// an allow-listed host. Throws <see cref="HttpRequestException"/> before any connection is opened otherwise.
    /// </summary>
    public async Task<IPAddress[]> ApprovedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"Refused to call {host}: it does not resolve.");
        }

        if (!options.Value.IsAllowListed(host) && addresses.FirstOrDefault(a => !IsPublic(a)) is { } inner)
        {
            throw new HttpRequestException($"Refused to call {host}: it resolves to the non-public address {inner}.");
        }

        return addresses;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            return await _resolve(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    /// <summary>The checks that need no DNS: scheme, credentials, port.</summary>
    public string? Refusal(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
        {
            return "the callback URL must be an absolute https URL";
        }

        if (url.Scheme == "http" && !options.Value.IsAllowListed(url.Host))
        {
            return "the callback URL must use https";
        }

        return url.UserInfo.Length > 0 ? "the callback URL must not carry credentials" : null;
    }

    /// <summary>Whether the address is routable on the public internet (not loopback, private, link-local, CGNAT, multicast…).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }

        var bytes = address.GetAddressBytes();
        if (EmbeddedIPv4(bytes) is { } embedded)
        {
            return IsPublic(embedded);
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6Teredo
            || (bytes[0] & 0xFE) == 0xFC // unique local fc00::/7
            || IsNat64(bytes) // local-use NAT64 64:ff9b:1::/48 and the rest of 64:ff9b::/32
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8)); // documentation 2001:db8::/32
    }

    /// <summary>
    /// The IPv4 address an IPv6 one carries and is routed to: NAT64 (64:ff9b::/96), 6to4
    /// (2002::/16) and the old IPv4-compatible form (::a.b.c.d). Without this, <c>64:ff9b::a9fe:a9fe</c> would
    /// reach 169.254.169.254 through a NAT64 gateway.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(byte[] b)
    {
        if (IsNat64(b) && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        return b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 ? new IPAddress(b.AsSpan(12, 4)) : null;
    }

    /// <summary>Within 64:ff9b::/32, the NAT64 prefixes (the well-known /96 and local-use ones).</summary>
    private static bool IsNat64(byte[] b) => b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B;
}

/// <summary>Resolves a host name to its addresses (DNS; a test resolves its own names).</summary>
public delegate Task<IPAddress[]> HostAddressResolver(string host, CancellationToken cancellationToken);
