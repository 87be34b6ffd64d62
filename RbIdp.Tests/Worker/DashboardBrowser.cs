using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RbIdp.Tests.Worker;

/// <summary>A person's browser on the worker's Hangfire dashboard: cookies kept, redirects shown, the sign-in form filled in.</summary>
public static partial class DashboardBrowser
{
    public static HttpClient Open(ApiAndWorker stack)
    {
        var browser = stack.Worker.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return browser;
    }

    /// <summary>Posts the sign-in form (with its antiforgery token) with <paramref name="key"/>; a success redirects to the dashboard.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        var form = await browser.GetStringAsync("/dashboard/sign-in");
        var token = FormToken().Match(form);
        Assert.True(token.Success, "the form carries an antiforgery token");
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["key"] = key,
            ["ReturnUrl"] = "/hangfire",
        });
        return await browser.PostAsync("/dashboard/sign-in", body);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]+)">""")]
    private static partial Regex FormToken();
}
