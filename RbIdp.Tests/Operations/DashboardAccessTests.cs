using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Operations;

/// <summary>
/// The Hangfire dashboard for people, outside Development: a browser without a session is sent to a sign-in form (not a
/// bare 401); an admin's key gives a dashboard that can requeue, a reviewer's a read-only one; a document job is shown by
/// its run (<c>Document &lt;run_id&gt; · &lt;doc_type&gt;</c>) and its page shows the run's verdict and status link.
/// </summary>
[Collection(UsesServices.Name)]
public sealed partial class DashboardAccessTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    private static readonly Dictionary<string, string?> ReviewerKey = new()
    {
        ["Auth:ApiKeys:0:ClientId"] = "back-office",
        ["Auth:ApiKeys:0:KeySha256"] = RbIdp.Pipeline.Runs.Access.ApiKeyRegistry.Hash(ApiFactory.ReviewerKey),
        ["Auth:ApiKeys:0:Roles:0"] = "reviewer",
        ["Auth:ApiKeys:1:ClientId"] = "client-a",
        ["Auth:ApiKeys:1:KeySha256"] = RbIdp.Pipeline.Runs.Access.ApiKeyRegistry.Hash(ApiFactory.ClientAKey),
        ["Auth:ApiKeys:1:Roles:0"] = "submitter",
        ["Dashboard:ApiBaseUrl"] = "https://idp.example.test",
    };

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_the_sign_in_form_not_a_401()
    {
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3, workerSettings: ReviewerKey);
        using var browser = DashboardBrowser.Open(stack);

        using var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.StartsWith("/dashboard/sign-in", dashboard.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var form = await browser.GetAsync(dashboard.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
        Assert.Contains("name=\"key\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardBrowser.SignInAsync(browser, ApiFactory.ClientAKey)).StatusCode);
        using var stillOut = await browser.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
    }

    [Fact]
    public async Task An_admin_can_requeue_a_failed_document_job_and_a_reviewer_cannot()
    {
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3, workerSettings: ReviewerKey);
        var runId = (await FinishedRuns.StoreAsync(stack, DateTimeOffset.UtcNow, new string('0', 64))).Id;
        // A client without filters: Hangfire's global retry filter would turn the Failed state into a retry.
        var jobs = new BackgroundJobClient(stack.Worker.Services.GetRequiredService<JobStorage>(), new Hangfire.Common.JobFilterProviderCollection());
        var jobId = jobs.Create<IDocumentJob>(job => job.RunAsync(runId, null, CancellationToken.None), new FailedState(new TimeoutException("storage timed out")));

        using var reviewer = DashboardBrowser.Open(stack);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardBrowser.SignInAsync(reviewer, ApiFactory.ReviewerKey)).StatusCode);
        var failedPage = await reviewer.GetStringAsync("/hangfire/jobs/failed");
        Assert.Contains($"Document {runId:D} · sick_leave", WebUtility.HtmlDecode(failedPage), StringComparison.Ordinal);
        var jobPage = await reviewer.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        Assert.Contains("<dd class=\"rbidp-verdict\">approved</dd>", jobPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://idp.example.test/v1/jobs/{runId:D}\"", jobPage, StringComparison.Ordinal);

        using (var refused = await RequeueAsync(reviewer, failedPage, jobId))
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"the reviewer's requeue answered {(int)refused.StatusCode}");
        }

        Assert.Equal(FailedState.StateName, State(stack, jobId));

        using var admin = DashboardBrowser.Open(stack);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardBrowser.SignInAsync(admin, ApiFactory.AdminKey)).StatusCode);
        using (var requeued = await RequeueAsync(admin, await admin.GetStringAsync("/hangfire/jobs/failed"), jobId))
        {
            Assert.Equal(HttpStatusCode.NoContent, requeued.StatusCode);
        }

        Assert.NotEqual(FailedState.StateName, State(stack, jobId));
    }

    /// <summary>The dashboard's own Requeue button: a POST with the page's CSRF header.</summary>
    private static async Task<HttpResponseMessage> RequeueAsync(HttpClient browser, string page, string jobId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/jobs/failed/requeue")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", jobId)]),
        };
        var header = CsrfHeader().Match(page);
        var token = CsrfToken().Match(page);
        if (header.Success && token.Success)
        {
            request.Headers.Add(header.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[1].Value));
        }

        return await browser.SendAsync(request);
    }

    private static string? State(ApiAndWorker stack, string jobId)
    {
        using var connection = stack.Worker.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    [GeneratedRegex("""<meta name="csrf-header" content="([^"]+)"\s*/?>""")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("""<meta name="csrf-token" content="([^"]+)"\s*/?>""")]
    private static partial Regex CsrfToken();
}
