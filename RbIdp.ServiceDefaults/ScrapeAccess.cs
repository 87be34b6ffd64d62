using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Who may read <c>/metrics</c>: a scraper that sends <c>Authorization: Bearer &lt;scrape key&gt;</c> whose SHA-256 (hex) is
/// listed under <c>Metrics:ScrapeKeySha256</c>. With no key configured the endpoint is open in Development (the local
/// stack) and closed (401) everywhere else. The metrics hold no personal data, but queue depths and error rates are
/// not for the public either.
/// </summary>
public sealed class ScrapeAccess(IHostEnvironment environment, IConfiguration configuration)
{
    public const string KeysSection = "Metrics:ScrapeKeySha256";

    public bool Allows(HttpContext context)
    {
        var allowed = configuration.GetSection(KeysSection).Get<string[]>() ?? [];
        if (allowed.Length == 0)
        {
            return environment.IsDevelopment();
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return allowed.Any(h => h.Length == 64 && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(h)));
    }

    public async Task RequireKeyAsync(HttpContext context, RequestDelegate next)
    {
        if (Allows(context))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
    }
}
