using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Api.Apis;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary>What happens to a finished run: a reviewer's decision, artifacts, and the purge that leaves a tombstone.</summary>
[Collection(UsesServices.Name)]
public sealed class RunLifecycleTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_reviewer_decides_a_manual_review_run_once_and_the_decision_is_audited()
    {
        var runId = await FinishedRunAsync(Verdict.ManualReview);
        using var reviewer = _api.CreateClient(ApiFactory.ReviewerKey);

        var response = await reviewer.PostAsJsonAsync($"/v1/jobs/{runId:D}/review", new { verdict = "rejected", comment = "The stamp is a drawing." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var review = (await JsonAsync(response)).GetProperty("review");
        Assert.Equal("rejected", review.GetProperty("verdict").GetString());
        Assert.Equal("back-office", review.GetProperty("reviewed_by").GetString());
        Assert.True(DateTimeOffset.UtcNow - review.GetProperty("reviewed_at").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        var run = await _api.RunAsync(runId);
        Assert.Equal((Verdict.ManualReview, Verdict.Rejected, "back-office", "The stamp is a drawing."),
            (run.Verdict, run.ReviewVerdict, run.ReviewedBy, run.ReviewComment));

        var again = await reviewer.PostAsJsonAsync($"/v1/jobs/{runId:D}/review", new { verdict = "approved" });
        var problem = await AssertProblemAsync(again, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Equal(runId.ToString("D"), problem.GetProperty("run_id").GetString());
        Assert.Equal(Verdict.Rejected, (await _api.RunAsync(runId)).ReviewVerdict);
    }

    [Fact]
    public async Task Only_a_manual_review_run_can_be_reviewed_and_only_to_approved_or_rejected()
    {
        var approved = await FinishedRunAsync(Verdict.Approved);
        var pending = await FinishedRunAsync(Verdict.ManualReview);
        using var reviewer = _api.CreateClient(ApiFactory.ReviewerKey);

        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/v1/jobs/{approved:D}/review", new { verdict = "rejected" }),
            HttpStatusCode.Conflict, ProblemTypes.Conflict);
        var undecided = await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/v1/jobs/{pending:D}/review", new { verdict = "manual_review" }),
            HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["verdict"], ErrorFields(undecided));
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/v1/jobs/{Guid.NewGuid():D}/review", new { verdict = "approved" }),
            HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Null((await _api.RunAsync(pending)).ReviewVerdict);
    }

    [Fact]
    public async Task A_review_with_an_unknown_verdict_is_a_400_problem_not_a_500()
    {
        var pending = await FinishedRunAsync(Verdict.ManualReview);
        using var reviewer = _api.CreateClient(ApiFactory.ReviewerKey);

        var response = await reviewer.PostAsJsonAsync($"/v1/jobs/{pending:D}/review", new { verdict = "maybe" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task Purge_removes_the_artifacts_and_personal_data_and_leaves_a_tombstone()
    {
        var runId = await FinishedRunAsync(Verdict.Approved);
        using var admin = _api.CreateClient(ApiFactory.AdminKey);
        var listed = await JsonAsync(await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts"));
        Assert.Equal(["input", "result.json"], listed.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var input = await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts/input");
        Assert.Equal(SickLeavePng, await input.Content.ReadAsByteArrayAsync());

        using var owner = _api.CreateClient(ApiFactory.ClientAKey);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/jobs/{runId:D}")).StatusCode);

        var tombstone = await JsonAsync(await owner.GetAsync($"/v1/jobs/{runId:D}"));
        Assert.True(tombstone.GetProperty("purged").GetBoolean());
        Assert.Equal("succeeded", tombstone.GetProperty("status").GetString());
        Assert.False(tombstone.TryGetProperty("result", out _));
        var run = await _api.RunAsync(runId);
        Assert.Equal(("", (string?)null), (run.Fio, run.ResultJson));
        Assert.NotNull(run.PurgedAt);

        var store = _api.Services.GetRequiredService<IArtifactStore>();
        Assert.Empty(await store.ListAsync(ArtifactKeys.RunPrefix(run.Id, run.CreatedAt), CancellationToken.None));
        Assert.Empty((await JsonAsync(await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts"))).GetProperty("artifacts").EnumerateArray());
        await AssertProblemAsync(await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts/input"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await AssertProblemAsync(await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts/result.json"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    /// <summary>A run of client-a submitted through the API, then finished as the worker would have left it (no OCR here).</summary>
    private async Task<Guid> FinishedRunAsync(Verdict verdict)
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var runId = RunId(await JsonAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng))));
        await _api.WithDbAsync(async db =>
        {
            var run = await db.Runs.SingleAsync(r => r.Id == runId);
            var store = _api.Services.GetRequiredService<IArtifactStore>();
            using (var result = new MemoryStream("{}"u8.ToArray()))
            {
                await store.PutAsync(ArtifactKeys.ForRun(run.Id, run.CreatedAt, ArtifactKeys.Result), result, "application/json", CancellationToken.None);
            }

            run.Status = RunStatus.Succeeded;
            run.Verdict = verdict;
            run.ResultJson = $$"""{"run_id":"{{runId:D}}","status":"succeeded","verdict":"{{WireNames.Of(verdict)}}"}""";
            run.CompletedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });
        return runId;
    }
}
