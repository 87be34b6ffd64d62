using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RbIdp.Pipeline.Runs.Access;

namespace RbIdp.Worker.Dashboard;

/// <summary>
/// A browser's way into the Hangfire dashboard outside Development: a form asks for an API key, and a key with the role
/// <c>admin</c> or <c>reviewer</c> gets a session cookie (8 hours, sliding, HttpOnly, SameSite=Strict). The keys are the
/// API's, from the same <see cref="ApiKeyRegistry"/> (<c>Auth:ApiKeys</c>: client id, SHA-256 of the key, roles; the
/// local <c>RBIDP_API_KEY</c> with every role). The form carries an antiforgery token.
/// </summary>
public sealed partial class DashboardSignIn(ApiKeyRegistry keys, IAntiforgery antiforgery, ILogger<DashboardSignIn> logger)
{
    public const string Path = "/dashboard/sign-in";
    public const string SignOutPath = "/dashboard/sign-out";
    public const string AdminRole = Roles.Admin;
    public const string ReviewerRole = Roles.Reviewer;

    public static bool MaySee(ClaimsPrincipal user) => user.IsInRole(AdminRole) || user.IsInRole(ReviewerRole);

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, (HttpContext context, DashboardSignIn signIn) => signIn.Form(context, failed: false)).AllowAnonymous();
        app.MapPost(Path, (HttpContext context, DashboardSignIn signIn) => signIn.SignInAsync(context)).AllowAnonymous().DisableAntiforgery();
        app.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(Path);
        }).AllowAnonymous().DisableAntiforgery();
    }

    private IResult Form(HttpContext context, bool failed)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var returnUrl = LocalReturnUrl(context.Request.Query["ReturnUrl"].ToString());
        var error = failed ? """<p class="error">That key does not open the dashboard (it needs the admin or reviewer role).</p>""" : "";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>RB IDP jobs — sign in</title></head>
            <body>
              <h1>RB IDP jobs</h1>
              {error}
              <form method="post" action="{Path}">
                <input type="hidden" name="{WebUtility.HtmlEncode(tokens.FormFieldName)}" value="{WebUtility.HtmlEncode(tokens.RequestToken)}">
                <input type="hidden" name="ReturnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
                <label>API key <input type="password" name="key" autocomplete="off" required></label>
                <button type="submit">Sign in</button>
              </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }

    private async Task<IResult> SignInAsync(HttpContext context)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest();
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var key = form["key"].ToString();
        if (key.Length == 0 || keys.Authenticate(key, ClaimTypes.Name, CookieAuthenticationDefaults.AuthenticationScheme) is not { } user || !MaySee(user))
        {
            LogRefused(logger);
            return Form(context, failed: true);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user,
            new AuthenticationProperties { IsPersistent = false });
        LogSignedIn(logger, user.Identity?.Name ?? "", user.IsInRole(AdminRole) ? AdminRole : ReviewerRole);
        return Results.Redirect(LocalReturnUrl(form["ReturnUrl"].ToString()));
    }

    /// <summary>Only a path of this site: an open redirect would let a link send a signed-in person elsewhere.</summary>
    private static string LocalReturnUrl(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/hangfire";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in refused: unknown key or no admin/reviewer role")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard sign-in of {ClientId} as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string clientId, string role);
}
