using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace RbIdp.Worker.Dashboard;

/// <summary>
/// The Hangfire dashboard is open in Development (local runs); elsewhere it needs an admin API key in
/// <c>X-Api-Key</c> (hashes under <c>Auth:AdminKeySha256</c>, or the local <c>RBIDP_API_KEY</c>).
/// </summary>
public sealed class DashboardAccessFilter(IHostEnvironment environment, IConfiguration configuration) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        if (environment.IsDevelopment())
        {
            return true;
        }

        var key = context.GetHttpContext().Request.Headers["X-Api-Key"].ToString();
        if (key.Length == 0)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var allowed = configuration.GetSection("Auth:AdminKeySha256").Get<string[]>() ?? [];
        var local = configuration["RBIDP_API_KEY"];
        return allowed.Any(h => h.Length == 64 && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(h)))
            || (!string.IsNullOrEmpty(local) && CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(local))));
    }
}
