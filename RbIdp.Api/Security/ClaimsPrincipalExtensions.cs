using System.Security.Claims;
using RbIdp.Pipeline.Runs.Access;

namespace RbIdp.Api.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's client id: the API key's client, or the JWT's <c>azp</c>/<c>client_id</c>/<c>sub</c>.</summary>
    /// <remarks>Never missing for an authenticated caller: a JWT without any of them is refused at authentication (401).</remarks>
    public static string ClientId(this ClaimsPrincipal user) =>
        user.FindClientId() ?? throw new InvalidOperationException("An authenticated caller has no client id.");

    /// <summary>The client id the caller's claims name, or null when they name none.</summary>
    public static string? FindClientId(this ClaimsPrincipal user) =>
        new[] { ClaimTypes.NameIdentifier, "azp", "client_id", "sub" }.Select(user.FindFirstValue).FirstOrDefault(id => !string.IsNullOrWhiteSpace(id));

    /// <summary>Reviewers and admins see every client's runs; submitters only their own.</summary>
    public static bool SeesAllRuns(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Reviewer);
}
