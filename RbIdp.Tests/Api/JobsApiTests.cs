using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RbIdp.Api.Apis;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary><c>/v1/jobs</c> against the real PostgreSQL, Redis and S3: submission, idempotency, errors, ownership, listing, cancel.</summary>
[Collection(UsesServices.Name)]
public sealed class JobsApiTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _api = new ApiFactory(_database, redis, s3, new Dictionary<string, string?>
        {
            ["Submissions:RequestsPerMinute"] = "100000",
            ["Submissions:AllowedS3Buckets:0"] = "client-docs",
        });
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_multipart_submission_is_accepted_as_a_queued_job_with_its_status_links()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var jobsBefore = await HangfireJobCountAsync(_database);

        var response = await client.PostAsync("/v1/jobs", Form(SickLeavePng));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        var runId = RunId(body);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal($"/v1/jobs/{runId:D}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/v1/jobs/{runId:D}", response.Headers.GetValues("Operation-Location").Single());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var run = await _api.RunAsync(runId);
        Assert.Equal(("client-a", RunStatus.Queued, SickLeavePng.Length), (run.ClientId, run.Status, (int)run.InputBytes));
        Assert.NotNull(run.HangfireJobId);
        Assert.Equal(jobsBefore + 1, await HangfireJobCountAsync(_database));

        var status = await JsonAsync(await client.GetAsync(response.Headers.Location));
        Assert.Equal(runId, RunId(status));
        Assert.Equal("queued", status.GetProperty("status").GetString());
        Assert.False(status.GetProperty("purged").GetBoolean());
    }

    [Fact]
    public async Task A_json_submission_names_an_allowed_s3_object_instead_of_uploading()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var response = await client.PostAsJsonAsync("/v1/jobs", new
        {
            fio = Fio, reason = "illness", doc_type = "sick_leave", s3_path = "s3://client-docs/clients/client-a/2026/scan.pdf",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await _api.RunAsync(RunId(await JsonAsync(response)));
        Assert.Equal("s3://client-docs/clients/client-a/2026/scan.pdf", run.InputReference);

        var refused = await client.PostAsJsonAsync("/v1/jobs", new { fio = Fio, reason = "illness", doc_type = "sick_leave", s3_path = "s3://other-bucket/x.pdf" });
        await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, ProblemTypes.S3PathNotAllowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Without_a_valid_key_every_route_is_401_problem(string? key)
    {
        using var client = key is null ? _api.CreateClient() : _api.CreateClient(key);
        foreach (var response in new[]
        {
            await client.GetAsync("/v1/jobs"),
            await client.PostAsync("/v1/jobs", Form(SickLeavePng)),
            await client.PostAsync("/v1/process", Form(SickLeavePng)),
            await client.GetAsync($"/v1/jobs/{Guid.NewGuid():D}/artifacts"),
        })
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        }
    }

    [Fact]
    public async Task A_submitter_may_not_review_nor_read_artifacts_403_problem()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var runId = RunId(await JsonAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng))));

        await AssertProblemAsync(await client.PostAsJsonAsync($"/v1/jobs/{runId:D}/review", new { verdict = "approved" }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await AssertProblemAsync(await client.GetAsync($"/v1/jobs/{runId:D}/artifacts"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await AssertProblemAsync(await client.GetAsync($"/v1/jobs/{runId:D}/artifacts/input"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Another_clients_run_is_404_not_403_on_every_route()
    {
        using var a = _api.CreateClient(ApiFactory.ClientAKey);
        using var b = _api.CreateClient(ApiFactory.ClientBKey);
        var runId = RunId(await JsonAsync(await a.PostAsync("/v1/jobs", Form(SickLeavePng))));

        foreach (var response in new[]
        {
            await b.GetAsync($"/v1/jobs/{runId:D}"),
            await b.PostAsync($"/v1/jobs/{runId:D}/cancel", null),
            await b.DeleteAsync($"/v1/jobs/{runId:D}"),
        })
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
            Assert.Equal(runId.ToString("D"), problem.GetProperty("run_id").GetString());
        }

        Assert.Equal(RunStatus.Queued, (await _api.RunAsync(runId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/jobs/{runId:D}")).StatusCode);
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_run_without_a_second_job()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var first = await client.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: "replay-1"));
        var jobsAfterFirst = await HangfireJobCountAsync(_database);

        using var viaHeader = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = Form(SickLeavePng) };
        viaHeader.Headers.Add("Idempotency-Key", "replay-1");
        var second = await client.SendAsync(viaHeader);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var runId = RunId(await JsonAsync(first));
        Assert.Equal(runId, RunId(await JsonAsync(second)));
        Assert.Equal(jobsAfterFirst, await HangfireJobCountAsync(_database));
        Assert.Equal(1, await _api.WithDbAsync(db => db.Runs.CountAsync(r => r.RequestId == "replay-1")));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_naming_the_first_run()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var runId = RunId(await JsonAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: "changed-1"))));

        var changed = await client.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: "changed-1", fio: "Петров Пётр Петрович"));

        var problem = await AssertProblemAsync(changed, HttpStatusCode.UnprocessableEntity, ProblemTypes.IdempotencyConflict);
        Assert.Equal(runId.ToString("D"), problem.GetProperty("run_id").GetString());
        Assert.Equal(1, await _api.WithDbAsync(db => db.Runs.CountAsync(r => r.RequestId == "changed-1")));
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_with_one_key_make_exactly_one_run_and_one_job()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var jobsBefore = await HangfireJobCountAsync(_database);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync("/v1/jobs", Form(SickLeavePng, requestId: "race-1"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => RunId(await JsonAsync(r))));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await _api.WithDbAsync(db => db.Runs.CountAsync(r => r.RequestId == "race-1")));
        Assert.Equal(jobsBefore + 1, await HangfireJobCountAsync(_database));
    }

    [Fact]
    public async Task An_upload_over_20_MB_is_413_problem()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var big = new byte[21 * 1024 * 1024];
        SickLeavePng.CopyTo(big, 0);

        var response = await client.PostAsync("/v1/jobs", Form(big));

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Contains("20 MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_pdf_or_image_is_415_problem_whatever_its_name_and_no_run_is_made()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var text = "%PDF? no: just a letter, not a document"u8.ToArray();

        var response = await client.PostAsync("/v1/jobs", Form(text, requestId: "not-a-pdf", fileName: "scan.pdf"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedFileType);
        Assert.Equal(0, await _api.WithDbAsync(db => db.Runs.CountAsync(r => r.RequestId == "not-a-pdf")));
    }

    [Fact]
    public async Task Missing_fields_are_400_validation_problem_naming_each_field()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        using var form = new MultipartFormDataContent { { new StringContent("x"), "application_date" } };

        var problem = await AssertProblemAsync(await client.PostAsync("/v1/jobs", form), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        Assert.Equal(["application_date", "doc_type", "file", "fio", "reason"], ErrorFields(problem));
    }

    [Fact]
    public async Task An_unknown_reason_or_document_type_is_422_problem_naming_the_field()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);

        var reason = await AssertProblemAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng, reason: "boredom")),
            HttpStatusCode.UnprocessableEntity, ProblemTypes.UnknownValue);
        var docType = await AssertProblemAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng, docType: "passport")),
            HttpStatusCode.UnprocessableEntity, ProblemTypes.UnknownValue);

        Assert.Equal(["reason"], ErrorFields(reason));
        Assert.Equal(["doc_type"], ErrorFields(docType));
    }

    [Fact]
    public async Task Cancel_stops_a_queued_job_and_a_second_cancel_is_409()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var runId = RunId(await JsonAsync(await client.PostAsync("/v1/jobs", Form(SickLeavePng))));

        var canceled = await client.PostAsync($"/v1/jobs/{runId:D}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, canceled.StatusCode);
        Assert.Equal("canceled", (await JsonAsync(canceled)).GetProperty("status").GetString());
        var run = await _api.RunAsync(runId);
        Assert.Equal((RunStatus.Canceled, true), (run.Status, run.CancelRequested));
        Assert.NotNull(run.CompletedAt);
        var state = await _api.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT statename AS \"Value\" FROM hangfire.job WHERE id = {0}", long.Parse(run.HangfireJobId!, System.Globalization.CultureInfo.InvariantCulture)).SingleAsync());
        Assert.Equal("Deleted", state);

        await AssertProblemAsync(await client.PostAsync($"/v1/jobs/{runId:D}/cancel", null), HttpStatusCode.Conflict, ProblemTypes.Conflict);
    }

    [Fact]
    public async Task Listing_shows_only_own_runs_filtered_and_paged()
    {
        using var b = _api.CreateClient(ApiFactory.ClientBKey);
        var own = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            own.Add(RunId(await JsonAsync(await b.PostAsync("/v1/jobs", Form(SickLeavePng)))));
        }

        using (var a = _api.CreateClient(ApiFactory.ClientAKey))
        {
            await a.PostAsync("/v1/jobs", Form(SickLeavePng));
        }

        await b.PostAsync($"/v1/jobs/{own[0]:D}/cancel", null);

        var all = await JsonAsync(await b.GetAsync("/v1/jobs?page_size=2"));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var firstPage = all.GetProperty("items").EnumerateArray().Select(RunId).ToList();
        var secondPage = (await JsonAsync(await b.GetAsync("/v1/jobs?page_size=2&page=2"))).GetProperty("items").EnumerateArray().Select(RunId).ToList();
        Assert.Equal([own[2], own[1]], firstPage);
        Assert.Equal([own[0]], secondPage);

        var canceled = await JsonAsync(await b.GetAsync("/v1/jobs?status=canceled"));
        Assert.Equal([own[0]], canceled.GetProperty("items").EnumerateArray().Select(RunId));

        var bad = await AssertProblemAsync(await b.GetAsync("/v1/jobs?status=sleeping&page_size=500"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["page", "status"], ErrorFields(bad));
    }
}
