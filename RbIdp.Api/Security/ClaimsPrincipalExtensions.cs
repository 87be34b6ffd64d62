using System.Security.Claims;

namespace RbIdp.Api.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's client id: the API key's client, or the JWT's <c>azp</c>/<c>client_id</c>/<c>sub</c>.</summary>
    public static string ClientId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? user.FindFirstValue("azp")
        ?? user.FindFirstValue("client_id")
        ?? user.FindFirstValue("sub")
        ?? throw new InvalidOperationException("An authenticated caller has no client id.");

    /// <summary>Reviewers and admins see every client's runs; submitters only their own.</summary>
    public static bool SeesAllRuns(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Reviewer);
}
